/**
 * What the CLI says when something is wrong: a one-line message (never a stack trace for a user
 * error) and an exit code: 1 for a problem with the store or the session asked for, 2 for a
 * usage error (then the command's usage follows the message).
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error the user can act on: its message is printed as is, with the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line: the message, then the usage of `command` (or the general usage). */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
};

/** `cannot read <what>: permission denied (EACCES)` for a file-system error, else its message. */
export function describeFsError(err: unknown, what: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const known = typeof code === 'string' ? ERRNO_TEXT[code] : undefined;
  if (known !== undefined) return `cannot read ${what}: ${known} (${code})`;
  return `cannot read ${what}: ${err instanceof Error ? err.message : String(err)}`;
}
