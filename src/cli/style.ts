import { envSetting } from '../settings/setting';
import { VARIABLES } from '../settings/table';

/**
 * ANSI colors, on only when stdout is a terminal and `NO_COLOR` is not set
 * (https://no-color.org). Every helper is the identity when colors are off, so the plain text is
 * exactly the colored text without its escape codes.
 */

export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

/** Colors when stdout is a TTY and `NO_COLOR` is unset. */
export function wantsColor(stdoutIsTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return stdoutIsTTY && envSetting(VARIABLES.NO_COLOR, env) !== true;
}

export function makeStyle(enabled: boolean): Style {
  const sgr =
    (open: number, close: number) =>
    (text: string): string =>
      enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    blue: sgr(34, 39),
    magenta: sgr(35, 39),
    cyan: sgr(36, 39),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI color codes start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;

/** The text without ANSI escape codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** How many columns the text takes on screen (escape codes take none). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}
