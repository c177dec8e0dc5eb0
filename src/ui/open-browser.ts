/** `--open`: hands the URL to the desktop's opener, detached, and never fails the command over it. */
import { spawn } from 'node:child_process';

/** The opener of each platform (the URL is one argument: no shell parses it). */
function opener(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['explorer.exe', [url]];
  return ['xdg-open', [url]];
}

/** Opens `url` in the default browser; calls `onFailure` with a reason when that cannot be done. */
export function openBrowser(url: string, onFailure: (reason: string) => void): void {
  const [command, args] = opener(url);
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', (err) => onFailure(`${command}: ${err.message}`));
    child.unref();
  } catch (err) {
    onFailure(`${command}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
