/**
 * The pino and winston streams: with the real loggers, each line still reaches its target
 * unchanged, and becomes a record of the session that logged it (severity from the level, body
 * from the message, fields as attributes). The parsing of a line on its own, for the levels and
 * shapes those loggers write.
 */
import pino from 'pino';
import winston from 'winston';
import { pinoDestination, withSession, winstonStream } from '../../src/index';
import { parseLogLine } from '../../src/logs/json-log-line';
import { ATTR_AGENTSIGHT_LOG_SOURCE, LOG_SOURCE } from '../../src/semconv';
import { startInProcess, type InProcess } from '../support/in-process';

const tick = () => new Promise((r) => setTimeout(r, Math.random() * 4));

describe('parsing a logger line', () => {
  it.each([
    [10, 'TRACE'],
    [20, 'DEBUG'],
    [30, 'INFO'],
    [40, 'WARN'],
    [50, 'ERROR'],
    [60, 'FATAL'],
  ])('maps pino level %d to %s', (level, text) => {
    expect(parseLogLine(JSON.stringify({ level, msg: 'm' })).severity.text).toBe(text);
  });

  it.each([
    ['silly', 'TRACE'],
    ['verbose', 'DEBUG'],
    ['http', 'INFO'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['warning', 'WARN'],
    ['error', 'ERROR'],
    ['crit', 'FATAL'],
    ['\u001b[31merror\u001b[39m', 'ERROR'],
    ['made-up', 'INFO'],
  ])('maps the level name %j to %s', (level, text) => {
    expect(parseLogLine(JSON.stringify({ level, message: 'm' })).severity.text).toBe(text);
  });

  it('takes the message as body and the other fields as attributes (objects as JSON)', () => {
    const line = JSON.stringify({ level: 30, time: 1, pid: 2, hostname: 'h', msg: 'hello', user: 'ann', n: 3, ok: true, req: { id: 7 } });
    expect(parseLogLine(line)).toEqual({
      severity: { number: 9, text: 'INFO' },
      body: 'hello',
      attributes: { user: 'ann', n: 3, ok: true, req: '{"id":7}' },
    });
  });

  it('keeps a line that is not a JSON object whole, as INFO', () => {
    expect(parseLogLine('info: plain text')).toEqual({ severity: { number: 9, text: 'INFO' }, body: 'info: plain text', attributes: {} });
    expect(parseLogLine('{ not json')).toMatchObject({ body: '{ not json' });
    expect(parseLogLine('{"level":"info"}')).toMatchObject({ body: '{"level":"info"}' });
  });
});

describe('logger streams', () => {
  let agentsight: InProcess;
  beforeEach(() => {
    agentsight = startInProcess({ autoSession: false });
  });
  afterEach(() => agentsight.stop());

  it('records pino lines in the session that logged them and forwards every line unchanged', async () => {
    const forwarded: string[] = [];
    const logger = pino({ base: undefined }, pinoDestination({ write: (line) => forwarded.push(line) }));
    logger.info('outside any session');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withSession({ name: `p${i}` }, async () => {
          await tick();
          logger.info({ request: i }, `handling ${i}`);
          await tick();
          logger.error({ err: new Error(`failed ${i}`) }, `error ${i}`);
        }),
      ),
    );
    await agentsight.stop();
    expect(forwarded).toHaveLength(41);
    expect(JSON.parse(forwarded[0]!)).toMatchObject({ level: 30, msg: 'outside any session' });
    for (const session of agentsight.sessions()) {
      const i = Number(session.start!.name.slice(1));
      expect(session.logs.map((l) => [l.severityText, l.body, l.attributes[ATTR_AGENTSIGHT_LOG_SOURCE]])).toEqual([
        ['INFO', `handling ${i}`, LOG_SOURCE.PINO],
        ['ERROR', `error ${i}`, LOG_SOURCE.PINO],
      ]);
      expect(session.logs[0]!.attributes.request).toBe(i);
      expect(JSON.parse(String(session.logs[1]!.attributes.err))).toMatchObject({ type: 'Error', message: `failed ${i}` });
    }
  });

  it('records winston lines in the session that logged them and forwards every line unchanged', async () => {
    const forwarded: string[] = [];
    const logger = winston.createLogger({
      level: 'debug',
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream: winstonStream({ write: (line) => forwarded.push(line) }) })],
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withSession({ name: `w${i}` }, async () => {
          await tick();
          logger.warn(`slow ${i}`, { ms: i * 10 });
          await tick();
          logger.debug(`detail ${i}`);
        }),
      ),
    );
    await agentsight.stop();
    expect(forwarded).toHaveLength(40);
    expect(forwarded.every((line) => line.endsWith('\n') && JSON.parse(line).message !== undefined)).toBe(true);
    for (const session of agentsight.sessions()) {
      const i = Number(session.start!.name.slice(1));
      expect(session.logs.map((l) => [l.severityText, l.body, l.attributes[ATTR_AGENTSIGHT_LOG_SOURCE]])).toEqual([
        ['WARN', `slow ${i}`, LOG_SOURCE.WINSTON],
        ['DEBUG', `detail ${i}`, LOG_SOURCE.WINSTON],
      ]);
      expect(session.logs[0]!.attributes.ms).toBe(i * 10);
    }
  });
});

describe('logger streams without agentsight', () => {
  it('only forward', () => {
    const forwarded: string[] = [];
    const logger = pino({ base: undefined }, pinoDestination({ write: (line) => forwarded.push(line) }));
    logger.warn('before init');
    expect(JSON.parse(forwarded[0]!)).toMatchObject({ level: 40, msg: 'before init' });
  });
});
