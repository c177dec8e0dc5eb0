import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, init, shutdown, withSession, withTool } from '../src/index';
import { currentClient, initClient } from '../src/client';
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

describe('bad configuration under agentsight/register (reported, not thrown)', () => {
  const ENV = [
    'AGENTSIGHT_EXPORTERS',
    'AGENTSIGHT_SAMPLE_RATE',
    'AGENTSIGHT_BUDGET_MODE',
    'AGENTSIGHT_PRICING_FILE',
    'AGENTSIGHT_LOG_LEVEL',
  ];
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.env.AGENTSIGHT_EXPORTERS = 'none';
  });
  afterEach(async () => {
    await shutdown();
    stderr.mockRestore();
    for (const name of ENV) delete process.env[name];
  });
  const lines = () => stderr.mock.calls.map((c) => String(c[0]));

  it('prints one message naming each variable, its value and what is accepted, once, and uses the defaults', () => {
    process.env.AGENTSIGHT_SAMPLE_RATE = '3';
    process.env.AGENTSIGHT_BUDGET_MODE = 'block';
    initClient({}, 'report');
    initClient({}, 'report');
    expect(lines()).toEqual([
      'agentsight/config warn: AGENTSIGHT_SAMPLE_RATE="3" is invalid: expected a number from 0 to 1; ' +
        'AGENTSIGHT_BUDGET_MODE="block" is invalid: expected warn or enforce; using the default for these settings\n',
    ]);
    expect(currentRuntime()?.config).toMatchObject({ sampleRate: 1, budgetMode: 'warn' });
  });

  it('reports a bad pricing file once and uses the built-in price table', () => {
    const file = path.join(os.tmpdir(), 'agentsight-no-such-prices.json');
    process.env.AGENTSIGHT_PRICING_FILE = file;
    initClient({}, 'report');
    expect(lines()).toEqual([
      `agentsight/pricing warn: using the built-in price table: AGENTSIGHT_PRICING_FILE=${JSON.stringify(file)} is invalid: ` +
        'the file cannot be read (ENOENT). Expected a JSON price table as described in docs/pricing.md.\n',
    ]);
    expect(currentRuntime()?.pricing.resolveModel('openai', 'gpt-4o')).toBe('gpt-4o');
  });

  it('speaks at the level AGENTSIGHT_LOG_LEVEL asks for', () => {
    process.env.AGENTSIGHT_SAMPLE_RATE = '3';
    process.env.AGENTSIGHT_LOG_LEVEL = 'error';
    initClient({}, 'report');
    expect(lines()).toEqual([]);
  });
});
