import { ConfigError, init, shutdown, withSession, withTool } from '../src/index';
import { currentClient } from '../src/client';
import { currentRuntime } from '../src/runtime';

describe('init() and shutdown()', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    await shutdown();
    stderr.mockRestore();
    delete process.env.AGENTSIGHT_SAMPLE_RATE;
  });
  const lines = () => stderr.mock.calls.map((c) => String(c[0]));

  it('is idempotent: a second call with other options warns once and changes nothing', () => {
    init({ exporters: ['none'], captureContent: false });
    const first = currentClient();
    init({ exporters: ['none'], captureContent: true });
    init({});
    expect(currentClient()).toBe(first);
    expect(currentRuntime()?.config.captureContent).toBe(false);
    expect(lines().filter((l) => l.includes('init() was already called'))).toHaveLength(1);
  });

  it('throws one ConfigError naming every bad variable, and starts nothing', () => {
    process.env.AGENTSIGHT_SAMPLE_RATE = '3';
    let error: unknown;
    try {
      init({ logLevel: 'loud' as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'AGENTSIGHT_SAMPLE_RATE="3" is invalid: expected a number from 0 to 1\n' +
        'init({ logLevel })="loud" is invalid: expected none, error, warn, info or debug',
    );
    expect(currentClient()).toBeUndefined();
  });

  it('when disabled, runs everything untraced', async () => {
    init({ enabled: false });
    expect(currentRuntime()).toBeUndefined();
    expect(await withSession({ name: 's' }, () => withTool('t', async () => 7))).toBe(7);
  });

  it('can be initialized again after shutdown()', async () => {
    init({ exporters: ['none'] });
    await shutdown();
    await shutdown(); // a second shutdown is harmless
    expect(currentClient()).toBeUndefined();
    init({ exporters: ['none'], sessionName: 'again' });
    expect(currentRuntime()?.config.sessionName).toBe('again');
    expect(lines().filter((l) => l.includes('warn') || l.includes('error'))).toEqual([]);
  });
});
