import {
  formatCost,
  formatCount,
  formatDuration,
  formatLocalTime,
  formatUsd,
  formatUtcOffset,
  oneLine,
  plural,
  truncate,
  uniquePrefixLength,
} from '../../src/cli/values';
import { makeStyle, stripAnsi, visibleWidth, wantsColor } from '../../src/cli/style';
import { renderTable } from '../../src/cli/table';
import { describeFsError } from '../../src/cli/errors';
import { useUtcTimeZone } from './fixtures';

useUtcTimeZone();

describe('durations', () => {
  it.each([
    [undefined, '-'],
    [Number.NaN, '-'],
    [-5, '0ms'],
    [0, '0ms'],
    [0.04, '0ms'],
    [3.24, '3.2ms'],
    [9.96, '10ms'],
    [850.4, '850ms'],
    [999.6, '1.00s'],
    [1_250, '1.25s'],
    [9_996, '10.0s'],
    [12_340, '12.3s'],
    [59_960, '1m 00s'],
    [245_000, '4m 05s'],
    [3_599_600, '1h 00m'],
    [7_380_000, '2h 03m'],
    [86_400_000 + 4 * 3_600_000, '1d 04h'],
  ])('%p ms reads %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('token counts and money', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_234)).toBe('1,234');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-1_000)).toBe('-1,000');
  });

  it('shows dollars with 4 decimals, and a tiny cost with two significant digits instead of zero', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(0.00525)).toBe('$0.0053');
    expect(formatUsd(0.0001)).toBe('$0.0001');
    expect(formatUsd(0.000042)).toBe('$0.000042');
    expect(formatUsd(0.0000042)).toBe('$0.0000042');
    expect(formatUsd(1234.5)).toBe('$1,234.5000');
    expect(formatUsd(Number.NaN)).toBe('$?');
  });

  it('says when a cost leaves out calls with no known price', () => {
    expect(formatCost(0.0231, 4, 0)).toBe('$0.0231');
    expect(formatCost(0.0231, 4, 1)).toBe('$0.0231+?');
    expect(formatCost(0, 0, 2)).toBe('?');
    expect(formatCost(0, 0, 0)).toBe('$0');
  });

  it('counts in words', () => {
    expect(plural(1, 'LLM call')).toBe('1 LLM call');
    expect(plural(2_000, 'LLM call')).toBe('2,000 LLM calls');
  });
});

describe('times and ids', () => {
  it('writes local time ISO-like, with milliseconds and the UTC offset on request', () => {
    const ms = Date.UTC(2026, 10, 5, 3, 4, 7, 9);
    expect(formatLocalTime(ms)).toBe('2026-11-05 03:04:07');
    expect(formatLocalTime(ms, true)).toBe('2026-11-05 03:04:07.009');
    expect(formatUtcOffset(ms)).toBe('+00:00');
    expect(formatLocalTime(undefined)).toBe('-');
  });

  it('shortens ids to 12 characters, longer only when 12 would not tell two apart', () => {
    const a = '4bf92f3577b3aaaa0000000000000000';
    const b = '4bf92f3577b3aaab0000000000000000';
    const c = '0123456789ab0000000000000000000';
    expect(uniquePrefixLength([c], [a, b, c])).toBe(12);
    expect(uniquePrefixLength([a], [a, b, c])).toBe(16);
    expect(uniquePrefixLength([a, c], [a, c])).toBe(12);
  });

  it('cuts long text with an ellipsis and keeps the first line of a message', () => {
    expect(truncate('support-bot', 20)).toBe('support-bot');
    expect(truncate('a-very-long-session-name', 10)).toBe('a-very-lo…');
    expect(oneLine('\n  boom:   bad\nstack line 1\n')).toBe('boom: bad');
  });
});

describe('colors and tables', () => {
  it('colors only a terminal, and never when NO_COLOR is set', () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(false, {})).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '' })).toBe(false);
  });

  it('is the identity when off, and escape codes that strip back to the plain text when on', () => {
    expect(makeStyle(false).red('x')).toBe('x');
    const on = makeStyle(true);
    expect(on.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(stripAnsi(on.bold(on.red('x')))).toBe('x');
    expect(visibleWidth(on.green('abc'))).toBe(3);
  });

  it('aligns columns by their visible width, with no trailing blanks', () => {
    const lines = renderTable(
      [{ header: 'NAME' }, { header: 'N', align: 'right' }, { header: 'NOTE' }],
      [
        ['a', makeStyle(true).red('1'), ''],
        ['longer', '22', 'x'],
      ],
      makeStyle(false),
    );
    expect(lines.map(stripAnsi)).toEqual(['NAME     N  NOTE', 'a        1', 'longer  22  x']);
  });
});

describe('file-system errors', () => {
  it('names the problem and its code', () => {
    const err = Object.assign(new Error('EACCES: permission denied, open x'), { code: 'EACCES' });
    expect(describeFsError(err, 'session file x')).toBe('cannot read session file x: permission denied (EACCES)');
    const odd = Object.assign(new Error('ENAMETOOLONG: name too long'), { code: 'ENAMETOOLONG' });
    expect(describeFsError(odd, 'y')).toBe('cannot read y: ENAMETOOLONG: name too long');
  });
});
