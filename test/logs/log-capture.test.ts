/**
 * LogCapture in one process: severity and body of each console method, the session and span each
 * line belongs to (20 sessions at once), nothing without a session, the caps and their counts on
 * the session span, and the console handed back at shutdown.
 */
import { format } from 'node:util';
import { startSession, withAgent, withSession, withTool } from '../../src/index';
import {
  ATTR_AGENTSIGHT_LOG_SOURCE,
  ATTR_AGENTSIGHT_LOGS_DROPPED,
  ATTR_AGENTSIGHT_LOGS_RECORDED,
  ATTR_AGENTSIGHT_LOGS_TRUNCATED,
  ATTR_CODE_FUNCTION_NAME,
  ATTR_LOG_IOSTREAM,
  LOG_SOURCE,
  SPAN_KIND,
  ATTR_AGENTSIGHT_SPAN_KIND,
} from '../../src/semconv';
import { TRUNCATION_MARKER } from '../../src/content/capped-json';
import type { SessionData } from '../../src/store/reader';
import { startInProcess, type InProcess } from '../support/in-process';
import { useMemoryConsole, type MemoryConsole } from './support';
import type { AgentsightOptions } from '../../src/config';
import { getLogger } from '../../src/diag';

const tick = () => new Promise((r) => setTimeout(r, Math.random() * 4));

let agentsight: InProcess;
let memory: MemoryConsole;

function start(options: AgentsightOptions = {}, env: Record<string, string> = {}): void {
  memory = useMemoryConsole();
  agentsight = startInProcess({ autoSession: false, ...options }, env);
}

afterEach(async () => {
  await agentsight.stop();
  memory.restore();
});

const sessionRoot = (s: SessionData) => s.spans.find((x) => x.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.SESSION)!;

describe('LogCapture', () => {
  it('records each console method with its severity, its body as Node formats it, and where it came from', async () => {
    start();
    const err = new Error('boom');
    await withSession({ name: 'levels' }, () => {
      console.log('%s is %d', 'Ann', 42, { a: [1, 2] });
      console.info('info');
      console.debug('debug');
      console.warn('careful');
      console.error(err);
      console.trace('here');
    });
    await agentsight.stop();
    const [session] = agentsight.sessions();
    const logs = session!.logs;
    expect(
      logs.map((l) => [l.severityNumber, l.severityText, l.attributes[ATTR_CODE_FUNCTION_NAME], l.attributes[ATTR_LOG_IOSTREAM]]),
    ).toEqual([
      [9, 'INFO', 'console.log', 'stdout'],
      [9, 'INFO', 'console.info', 'stdout'],
      [5, 'DEBUG', 'console.debug', 'stdout'],
      [13, 'WARN', 'console.warn', 'stderr'],
      [17, 'ERROR', 'console.error', 'stderr'],
      [1, 'TRACE', 'console.trace', 'stderr'],
    ]);
    expect(logs.map((l) => l.body).slice(0, 5)).toEqual(['Ann is 42 { a: [ 1, 2 ] }', 'info', 'debug', 'careful', format(err)]);
    expect(logs[5]!.body).toMatch(/^Trace: here\n {4}at /);
    expect(logs.every((l) => l.attributes[ATTR_AGENTSIGHT_LOG_SOURCE] === LOG_SOURCE.CONSOLE)).toBe(true);
    // The console printed what it always prints.
    expect(memory.stdout.join('')).toBe('Ann is 42 { a: [ 1, 2 ] }\ninfo\ndebug\n');
    expect(memory.stderr.join('')).toContain(`careful\n${format(err)}\nTrace: here\n`);
    expect(sessionRoot(session!).attributes).toMatchObject({
      [ATTR_AGENTSIGHT_LOGS_RECORDED]: 6,
      [ATTR_AGENTSIGHT_LOGS_DROPPED]: 0,
      [ATTR_AGENTSIGHT_LOGS_TRUNCATED]: 0,
    });
  });

  it('ties each line to its own session and the span it was written in, with 20 sessions at once', async () => {
    start();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withSession({ name: `s${i}` }, async () => {
          console.log(`session ${i} starts`);
          await tick();
          await withAgent(`agent-${i}`, async () => {
            await tick();
            console.warn(`session ${i} in agent`);
            await withTool(`tool-${i}`, async () => {
              await tick();
              console.error(`session ${i} in tool`);
            });
          });
          await tick();
          console.info(`session ${i} ends`);
        }),
      ),
    );
    await agentsight.stop();
    const sessions = agentsight.sessions();
    expect(sessions).toHaveLength(20);
    for (const session of sessions) {
      const i = Number(session.start!.name.slice(1));
      const byName = new Map(session.spans.map((s) => [s.name, s.spanId]));
      expect(session.logs.map((l) => [l.body, l.spanId])).toEqual([
        [`session ${i} starts`, sessionRoot(session).spanId],
        [`session ${i} in agent`, byName.get(`invoke_agent agent-${i}`)],
        [`session ${i} in tool`, byName.get(`execute_tool tool-${i}`)],
        [`session ${i} ends`, sessionRoot(session).spanId],
      ]);
      for (const l of session.logs) expect([l.sessionId, l.traceId]).toEqual([session.id, session.id]);
    }
  });

  it('records nothing outside sessions, and never starts the automatic session for a line', async () => {
    start({ autoSession: true });
    console.log('before any session');
    await withSession({ name: 'one' }, () => console.log('inside'));
    console.log('after it');
    await agentsight.stop();
    const sessions = agentsight.sessions();
    expect(sessions.map((s) => s.start!.name)).toEqual(['one']);
    expect(sessions[0]!.logs.map((l) => l.body)).toEqual(['inside']);
    expect(memory.stdout.join('')).toBe('before any session\ninside\nafter it\n');
  });

  it('gives lines outside explicit sessions to the automatic session once it has started', async () => {
    start({ autoSession: true, sessionName: 'auto' });
    console.log('not yet');
    await withTool('first-work', () => 1); // starts the automatic session
    console.log('now in the automatic session');
    await agentsight.stop();
    const [auto] = agentsight.sessions();
    expect(auto!.start).toMatchObject({ name: 'auto', auto: true });
    expect(auto!.logs.map((l) => l.body)).toEqual(['now in the automatic session']);
  });

  it('cuts a long body at the per-record cap and stops at the session budget, counting both', async () => {
    start({ logMaxChars: 100, logSessionMaxBytes: 2_000 });
    const session = startSession({ name: 'capped' });
    session.run(() => {
      console.log('x'.repeat(500));
      for (let i = 0; i < 50; i++) console.log(`${String(i).padStart(2, '0')} ${'y'.repeat(60)}`);
    });
    session.end();
    await agentsight.stop();
    const [stored] = agentsight.sessions();
    const logs = stored!.logs;
    expect(logs[0]!.body).toHaveLength(100);
    expect(logs[0]!.body).toContain(TRUNCATION_MARKER);
    const bytes = logs.reduce(
      (n, l) => n + Buffer.byteLength(l.body) + Object.entries(l.attributes).reduce((m, [k, v]) => m + k.length + String(v).length, 0),
      0,
    );
    expect(bytes).toBeLessThanOrEqual(2_000);
    const attributes = sessionRoot(stored!).attributes;
    expect(attributes[ATTR_AGENTSIGHT_LOGS_RECORDED]).toBe(logs.length);
    expect(attributes[ATTR_AGENTSIGHT_LOGS_TRUNCATED]).toBe(1);
    expect((attributes[ATTR_AGENTSIGHT_LOGS_RECORDED] as number) + (attributes[ATTR_AGENTSIGHT_LOGS_DROPPED] as number)).toBe(51);
    expect(attributes[ATTR_AGENTSIGHT_LOGS_DROPPED]).toBeGreaterThan(0);
    // The records kept are the first ones, in order; the console printed every line.
    expect(logs.slice(1).map((l) => l.body.slice(0, 2))).toEqual(logs.slice(1).map((_, i) => String(i).padStart(2, '0')));
    expect(memory.stdout).toHaveLength(51);
  });

  it('records raw stdout and stderr writes with AGENTSIGHT_CAPTURE_STDIO, console lines once, our diagnostics never', async () => {
    memory = useMemoryConsole();
    const writes: string[] = [];
    const streams = [process.stdout, process.stderr] as const;
    const originals = streams.map((s) => s.write);
    // Keep the test's output clean: the real streams write nowhere, but stay the objects agentsight wraps.
    for (const s of streams) s.write = ((chunk: unknown) => writes.push(String(chunk)) > 0) as typeof s.write;
    try {
      agentsight = startInProcess({ autoSession: false, captureStdio: true });
      await withSession({ name: 'stdio' }, async () => {
        getLogger('test').warn('a diagnostic of ours');
        process.stdout.write('raw out\n');
        process.stderr.write(Buffer.from('raw err'));
        console.log('console line');
        await withSession({ name: 'other' }, () => process.stdout.write('in the other session\n'));
      });
      await agentsight.stop();
    } finally {
      streams.forEach((s, i) => {
        s.write = originals[i]!;
      });
    }
    // Both start in the same millisecond: found by name, not by file order.
    const byName = new Map(agentsight.sessions().map((x) => [x.start!.name, x]));
    const stdio = byName.get('stdio');
    const other = byName.get('other');
    expect(
      stdio!.logs.map((l) => [l.body, l.severityText, l.attributes[ATTR_AGENTSIGHT_LOG_SOURCE], l.attributes[ATTR_LOG_IOSTREAM]]),
    ).toEqual([
      ['raw out', 'INFO', LOG_SOURCE.STDIO, 'stdout'],
      ['raw err', 'WARN', LOG_SOURCE.STDIO, 'stderr'],
      ['console line', 'INFO', LOG_SOURCE.CONSOLE, 'stdout'],
    ]);
    expect(other!.logs.map((l) => l.body)).toEqual(['in the other session']);
    // Our diagnostic reached stderr, and no session.
    expect(writes).toEqual(expect.arrayContaining(['agentsight/test warn: a diagnostic of ours\n', 'raw out\n', 'in the other session\n']));
  });

  it('leaves the console as it found it after shutdown, and untouched with AGENTSIGHT_CAPTURE_LOGS=false or no exporter', async () => {
    memory = useMemoryConsole();
    const before = { log: console.log, warn: console.warn, trace: console.trace };
    agentsight = startInProcess({ autoSession: false, captureLogs: false });
    expect(console.log).toBe(before.log);
    await withSession({ name: 'quiet' }, () => console.log('not recorded'));
    await agentsight.stop();
    expect(agentsight.sessions()[0]!.logs).toEqual([]);

    // Nowhere for records to go: nothing to capture for.
    agentsight = startInProcess({ autoSession: false, exporters: ['none'] });
    expect(console.log).toBe(before.log);
    await agentsight.stop();

    agentsight = startInProcess({ autoSession: false });
    expect(console.log).not.toBe(before.log);
    await agentsight.stop();
    expect({ log: console.log, warn: console.warn, trace: console.trace }).toEqual(before);
  });

  it('keeps working when a line cannot be formatted, and the console still prints', async () => {
    start();
    const hostile = {
      [Symbol.for('nodejs.util.inspect.custom')]: () => {
        throw new Error('inspect failed');
      },
    };
    let threw: unknown;
    await withSession({ name: 'hostile' }, () => {
      try {
        console.log(hostile);
      } catch (err) {
        threw = err;
      }
      console.log('next line');
    });
    await agentsight.stop();
    // Node's own console throws for this value; with us, the same error reaches the caller.
    expect(String(threw)).toContain('inspect failed');
    expect(agentsight.sessions()[0]!.logs.map((l) => l.body)).toEqual(['next line']);
  });
});
