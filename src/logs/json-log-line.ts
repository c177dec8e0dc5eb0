/**
 * One line of a JSON logger (pino, winston's `format.json()`) as a log record: severity from
 * `level` (pino's numbers or the usual level names, colors stripped), body from `msg` / `message`,
 * and the other top-level fields as attributes (objects as JSON). The record's time is when the
 * line was written (the logger's own `time` / `timestamp` would only repeat it, in a format of its
 * choosing). A line that is not a JSON object is kept whole as an INFO body.
 */
import type { Attributes } from '@opentelemetry/api';
import { isObject, num, str } from '../json-values';
import { SEVERITY, type Severity } from './log-record';

export interface ParsedLine {
  severity: Severity;
  body: string;
  attributes: Attributes;
}

/** Level names of pino, winston (npm and syslog sets), bunyan and log4js. */
const LEVEL_NAMES: Readonly<Record<string, Severity>> = {
  trace: SEVERITY.TRACE,
  silly: SEVERITY.TRACE,
  debug: SEVERITY.DEBUG,
  verbose: SEVERITY.DEBUG,
  http: SEVERITY.INFO,
  info: SEVERITY.INFO,
  notice: SEVERITY.INFO,
  warn: SEVERITY.WARN,
  warning: SEVERITY.WARN,
  error: SEVERITY.ERROR,
  crit: SEVERITY.FATAL,
  critical: SEVERITY.FATAL,
  alert: SEVERITY.FATAL,
  emerg: SEVERITY.FATAL,
  fatal: SEVERITY.FATAL,
};

/** Fields that become the severity, the body or the time, or that every line repeats. */
const CONSUMED = new Set(['level', 'msg', 'message', 'time', 'timestamp', 'pid', 'hostname', 'v']);

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI color codes start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;

/** pino's numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function numericLevel(level: number): Severity {
  if (level < 20) return SEVERITY.TRACE;
  if (level < 30) return SEVERITY.DEBUG;
  if (level < 40) return SEVERITY.INFO;
  if (level < 50) return SEVERITY.WARN;
  if (level < 60) return SEVERITY.ERROR;
  return SEVERITY.FATAL;
}

function severityOf(level: unknown): Severity {
  const n = num(level);
  if (n !== undefined) return numericLevel(n);
  const name = str(level)?.replace(ANSI, '').trim().toLowerCase();
  return (name && LEVEL_NAMES[name]) || SEVERITY.INFO;
}

function attributeValue(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Parses one line (without its newline). */
export function parseLogLine(line: string): ParsedLine {
  let fields: unknown;
  if (line.startsWith('{')) {
    try {
      fields = JSON.parse(line);
    } catch {
      fields = undefined;
    }
  }
  if (!isObject(fields)) return { severity: SEVERITY.INFO, body: line, attributes: {} };
  const message = fields.msg ?? fields.message;
  const body = message === undefined ? line : typeof message === 'string' ? message : (attributeValue(message)?.toString() ?? '');
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(fields)) {
    if (CONSUMED.has(key)) continue;
    const v = attributeValue(value);
    if (v !== undefined) attributes[key] = v;
  }
  return { severity: severityOf(fields.level), body, attributes };
}
