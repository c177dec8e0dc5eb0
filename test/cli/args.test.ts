import { DEFAULT_LIMIT, DEFAULT_UI_PORT, parseArgs } from '../../src/cli/args';
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

  it('reads ui: port, store, --open, and a host that is not loopback only with --allow-remote', () => {
    expect(parseArgs(['ui'])).toEqual({ command: 'ui', port: DEFAULT_UI_PORT, host: '127.0.0.1', open: false, allowRemote: false });
    expect(parseArgs(['ui', '--port', '0', '--dir', 'd', '--open'])).toEqual({
      command: 'ui',
      port: 0,
      host: '127.0.0.1',
      open: true,
      allowRemote: false,
      dir: 'd',
    });
    expect(parseArgs(['ui', '--host=0.0.0.0', '--allow-remote'])).toMatchObject({ host: '0.0.0.0', allowRemote: true });
    expect(usageError(['ui', '--port', '70000']).message).toBe(
      '--port must be a port number from 0 to 65535 (0 picks a free one), got "70000"',
    );
    expect(usageError(['ui', '--port=x']).command).toBe('ui');
    expect(usageError(['ui', 'extra']).message).toBe('unexpected argument "extra"');
    expect(usageError(['ui', '--json']).message).toBe('unknown option --json for "ui"');
    expect(parseArgs(['help', 'ui'])).toEqual({ command: 'help', topic: 'ui' });
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
