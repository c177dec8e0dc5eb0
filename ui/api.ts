/** Reads the viewer's JSON API; a failure carries the server's message for a person. */
import type { ApiError } from '../src/ui/api-types';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

const isApiError = (v: unknown): v is ApiError =>
  typeof v === 'object' && v !== null && typeof (v as ApiError).error === 'string' && typeof (v as ApiError).message === 'string';

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiFailure(0, { error: 'internal', message: 'the agentsight ui server does not answer: was it stopped?' });
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiFailure(res.status, isApiError(body) ? body : { error: 'internal', message: `the server answered ${res.status}` });
  return body as T;
}

/** `true` for the failure of a request the page itself gave up on. */
export const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';
