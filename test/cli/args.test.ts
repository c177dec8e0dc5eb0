import { DEFAULT_LIMIT, parseArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('the command line', () => {
  it('reads sessions with its defaults and options in either form', () => {
    expect(parseArgs(['sessions'])).toEqual({ command: 'sessions', limit: DEFAULT_LIMIT, json: false });
    expect(parseArgs(['sessions', '--limit', '5', '--json', '--dir', 'x'])).toEqual({
      command: 'sessions',
      limit: 5,
      json: true,
      dir: 'x',
    });
    expect(parseArgs(['sessions', '--limit=0', '--dir=/a b'])).toEqual({ command: 'sessions', limit: 0, json: false, dir: '/a b' });
    expect(parseArgs(['sessions', '-n', '3'])).toMatchObject({ limit: 3 });
  });

  it('reads show with an id or a prefix, lower-cased', () => {
    expect(parseArgs(['show', '4BF9'])).toEqual({ command: 'show', id: '4bf9', json: false });
    expect(parseArgs(['show', '--json', '4bf9', '--dir', 'd'])).toEqual({ command: 'show', id: '4bf9', json: true, dir: 'd' });
    expect(parseArgs(['show', '--', '4bf9'])).toMatchObject({ id: '4bf9' });
  });

  it('gives help and the version, and help wins over any other mistake on the line', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['-h'])).toEqual({ command: 'help' });
    expect(parseArgs(['help', 'show'])).toEqual({ command: 'help', topic: 'show' });
    expect(parseArgs(['show', '--help'])).toEqual({ command: 'help', topic: 'show' });
    expect(parseArgs(['sessions', '--bogus', '-h'])).toEqual({ command: 'help', topic: 'sessions' });
    expect(parseArgs(['--version'])).toEqual({ command: 'version' });
  });

  it.each([
    [[], 'no command given', undefined],
    [['frobnicate'], 'unknown command "frobnicate"', undefined],
    [['--bogus'], 'unknown option --bogus', undefined],
    [['sessions', '--bogus'], 'unknown option --bogus for "sessions"', 'sessions'],
    [['sessions', '--limit'], '--limit needs a value', 'sessions'],
    [['sessions', '--limit', '--json'], '--limit needs a value', 'sessions'],
    [['sessions', '--limit', '-1'], '--limit needs a value', 'sessions'],
    [['sessions', '--limit', 'ten'], '--limit must be a whole number (0 for all), got "ten"', 'sessions'],
    [['sessions', '--json=yes'], '--json takes no value', 'sessions'],
    [['sessions', 'extra'], 'unexpected argument "extra"', 'sessions'],
    [['show'], 'show needs a session id or a prefix of one (list them with `agentsight sessions`)', 'show'],
    [['show', 'a', 'b'], 'unexpected argument "b"', 'show'],
    [['show', 'xyz'], '"xyz" is not a session id: ids are hexadecimal (0-9, a-f)', 'show'],
    [['show', 'abc', '--limit', '3'], 'unknown option --limit for "show"', 'show'],
  ])('%p is a usage error: %s', (argv, message, command) => {
    const err = usageError(argv);
    expect(err.message).toBe(message);
    expect(err.exitCode).toBe(2);
    expect(err.command).toBe(command);
  });
});
