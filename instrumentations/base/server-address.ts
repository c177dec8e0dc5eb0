/**
 * The server a client talks to, from its base URL: what the call spans record as `server.address`
 * and `server.port`. One helper for every provider and transport.
 */

/** Host and port of a server (`server.address`, `server.port`). */
export interface ServerAddress {
  /** The host name, in lower case. */
  address?: string;
  /** The port: the URL's own, else the scheme's default (80 for `http:`, 443 otherwise). */
  port?: number;
}

/** The server of `url` (a string or a `URL`); nothing for anything that does not parse. Never throws. */
export function serverAddress(url: unknown): ServerAddress {
  let parsed: URL | undefined;
  try {
    parsed = url instanceof URL ? url : typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed) return {};
  const host = parsed.hostname.toLowerCase();
  return {
    ...(host ? { address: host } : {}),
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443,
  };
}
