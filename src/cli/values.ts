/**
 * How the CLI writes values: durations, token counts, money, local times, short ids. Pure
 * functions of their arguments (local time reads the process's time zone, `TZ`).
 */

/** `0ms`, `3.2ms`, `850ms`, `1.25s`, `12.3s`, `4m 05s`, `2h 03m`, `3d 04h`; `-` when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  const t = Math.max(0, ms);
  if (t < 10) return `${Math.round(t * 10) / 10}ms`;
  if (Math.round(t) < 1000) return `${Math.round(t)}ms`;
  const s = t / 1000;
  if (Math.round(s * 100) / 100 < 10) return `${s.toFixed(2)}s`;
  if (Math.round(s * 10) / 10 < 60) return `${s.toFixed(1)}s`;
  const totalSeconds = Math.round(s);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m ${pad2(totalSeconds % 60)}s`;
  const totalMinutes = Math.round(s / 60);
  if (totalMinutes < 24 * 60) return `${Math.floor(totalMinutes / 60)}h ${pad2(totalMinutes % 60)}m`;
  const totalHours = Math.round(s / 3600);
  return `${Math.floor(totalHours / 24)}d ${pad2(totalHours % 24)}h`;
}

/** A whole count with thousands separators: `1,234,567`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '-';
  const sign = n < 0 ? '-' : '';
  return sign + groupThousands(String(Math.round(Math.abs(n))));
}

/**
 * US dollars: `$0`, `$0.0123` (4 decimals), `$1,234.5000`; below $0.0001 two significant digits
 * (`$0.000042`), so a cheap call never shows as zero.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '$?';
  if (usd === 0) return '$0';
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  let text: string;
  if (abs >= 0.0001) {
    text = abs.toFixed(4);
  } else {
    const decimals = Math.min(12, Math.ceil(-Math.log10(abs)) + 1);
    text = abs.toFixed(decimals).replace(/0+$/, '');
    if (text.endsWith('.')) text = '0';
  }
  const [whole = '0', fraction] = text.split('.');
  return `${sign}$${groupThousands(whole)}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/**
 * A cost that may be incomplete: `$0.0123`; `$0.0123+?` when some calls had no known price;
 * `?` when none had one.
 */
export function formatCost(usd: number, pricedCalls: number, unpricedCalls: number): string {
  if (unpricedCalls > 0 && pricedCalls === 0 && usd === 0) return '?';
  return formatUsd(usd) + (unpricedCalls > 0 ? '+?' : '');
}

/** Local time, ISO-like: `2026-11-25 23:35:47` (with `.123` when `withMs`). */
export function formatLocalTime(ms: number | undefined, withMs = false): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  const d = new Date(ms);
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  return `${date} ${time}${withMs ? `.${String(d.getMilliseconds()).padStart(3, '0')}` : ''}`;
}

/** The local UTC offset at that time: `+01:00`, `-05:30`, `+00:00`. */
export function formatUtcOffset(ms: number): string {
  const offset = -new Date(ms).getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/**
 * The shortest prefix length (at least `min`) that tells each of `shown` apart from every other
 * id in `all`.
 */
export function uniquePrefixLength(shown: readonly string[], all: readonly string[], min = 12): number {
  const sorted = [...new Set(all)].sort();
  let length = min;
  for (const id of new Set(shown)) {
    const i = sorted.indexOf(id);
    for (const other of [sorted[i - 1], sorted[i + 1]]) {
      if (other !== undefined) length = Math.max(length, commonPrefix(id, other) + 1);
    }
  }
  return length;
}

/** At most `max` characters, ending in `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The first line of a message, whitespace collapsed, at most `max` characters. */
export function oneLine(text: string, max = 160): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return truncate(first.replace(/\s+/g, ' ').trim(), max);
}

/** `1 LLM call`, `2 LLM calls`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
