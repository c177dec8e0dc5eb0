/**
 * The command line: `agentsight <command> [options]`. A small hand-written parser, so each
 * mistake gets a message that names the option and the command.
 */
import { UsageError } from './errors';

export const DEFAULT_LIMIT = 20;
/** `agentsight ui`'s port when `--port` is not given. */
export const DEFAULT_UI_PORT = 4747;
export const DEFAULT_UI_HOST = '127.0.0.1';

export type CommandName = 'sessions' | 'show' | 'ui';
export const COMMANDS: readonly CommandName[] = ['sessions', 'show', 'ui'];

export type ParsedCommand =
  | { command: 'help'; topic?: CommandName }
  | { command: 'version' }
  | { command: 'sessions'; limit: number; json: boolean; dir?: string }
  | { command: 'show'; id: string; json: boolean; dir?: string }
  | { command: 'ui'; port: number; host: string; open: boolean; allowRemote: boolean; dir?: string };

interface OptionSpec {
  /** The option takes a value (`--dir DIR` or `--dir=DIR`). */
  value: boolean;
}

const OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
  sessions: { '--limit': { value: true }, '--json': { value: false }, '--dir': { value: true } },
  show: { '--json': { value: false }, '--dir': { value: true } },
  ui: {
    '--port': { value: true },
    '--dir': { value: true },
    '--open': { value: false },
    '--host': { value: true },
    '--allow-remote': { value: false },
  },
};
const ALIASES: Record<string, string> = { '-n': '--limit' };

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h';
const isVersion = (arg: string): boolean => arg === '--version' || arg === '-v';

export function parseArgs(argv: readonly string[]): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given');
  if (isHelp(first)) return { command: 'help' };
  if (isVersion(first)) return { command: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { command: 'help' };
    if (isCommand(topic)) return { command: 'help', topic };
    throw new UsageError(`unknown command "${topic}"`);
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first}`);
  if (!isCommand(first)) throw new UsageError(`unknown command "${first}"`);
  const command = first;
  // `--help` anywhere (before `--`) wins over any other mistake on the line.
  const end = rest.indexOf('--');
  if ((end === -1 ? rest : rest.slice(0, end)).some(isHelp)) return { command: 'help', topic: command };

  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const raw = eq === -1 ? arg : arg.slice(0, eq);
    const name = ALIASES[raw] ?? raw;
    const spec = OPTIONS[command][name];
    if (!spec) throw new UsageError(`unknown option ${raw} for "${command}"`, command);
    if (!spec.value) {
      if (eq !== -1) throw new UsageError(`${name} takes no value`, command);
      values.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) {
        throw new UsageError(`${name} needs a value`, command);
      }
      i++;
    }
    if (value === '') throw new UsageError(`${name} needs a value`, command);
    values.set(name, value);
  }

  const dir = values.get('--dir');
  const json = values.get('--json') === true;
  const dirOption = typeof dir === 'string' ? { dir } : {};
  if (command === 'sessions') {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, command);
    const limit = values.get('--limit');
    return { command, limit: typeof limit === 'string' ? parseLimit(limit) : DEFAULT_LIMIT, json, ...dirOption };
  }
  if (command === 'ui') {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, command);
    const port = values.get('--port');
    const host = values.get('--host');
    return {
      command,
      port: typeof port === 'string' ? parsePort(port) : DEFAULT_UI_PORT,
      host: typeof host === 'string' ? host : DEFAULT_UI_HOST,
      open: values.get('--open') === true,
      allowRemote: values.get('--allow-remote') === true,
      ...dirOption,
    };
  }
  if (positionals.length === 0) {
    throw new UsageError('show needs a session id or a prefix of one (list them with `agentsight sessions`)', command);
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`, command);
  const id = positionals[0]!.trim();
  if (!/^[0-9a-fA-F]+$/.test(id)) {
    throw new UsageError(`"${positionals[0]}" is not a session id: ids are hexadecimal (0-9, a-f)`, command);
  }
  return { command, id: id.toLowerCase(), json, ...dirOption };
}

/** A whole number of sessions; 0 means all of them. */
function parseLimit(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--limit must be a whole number (0 for all), got "${text}"`, 'sessions');
  return Number(text);
}

/** A TCP port; 0 picks a free one. */
function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(`--port must be a port number from 0 to 65535 (0 picks a free one), got "${text}"`, 'ui');
  return port;
}

export function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}
