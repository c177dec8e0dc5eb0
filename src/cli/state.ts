/** How a session's state reads and looks. */
import type { SessionStatus } from '../store/reader';
import type { Style } from './style';

export type DisplayedState = SessionStatus | 'unreadable';

export function colorState(state: DisplayedState, style: Style, text: string = state): string {
  switch (state) {
    case 'success':
      return style.green(text);
    case 'fail':
    case 'unreadable':
      return style.red(text);
    case 'indeterminate':
      return style.yellow(text);
    case 'running':
      return style.cyan(text);
    case 'unfinished':
      return style.magenta(text);
    default:
      return text;
  }
}
