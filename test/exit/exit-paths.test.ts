/**
 * Each way a process can leave, run for real in a child process under `--require
 * agentsight/register`: the sessions' end states, everything flushed, and the process leaving
 * exactly as it would have without us (same exit code, same signal, same output).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listSessionFiles, readSession, type SessionData } from '../../src/store/reader';
import { cleanEnv, runNode, type RunResult } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';
import { ATTR_AGENTSIGHT_ENDED_BY, ENDED_BY } from '../../src/semconv';

interface Outcome {
  result: RunResult;
  sessions: SessionData[];
}

const PRELUDE = `
const { withTool, withAction, startSession, withSession } = require(${JSON.stringify(REPO_ROOT)});
const work = () => withTool({ name: 'step', args: { n: 1 } }, async () => 'ok');
`;

async function run(body: string, options: { register?: boolean; signal?: NodeJS.Signals } = {}): Promise<Outcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-exit-'));
  const script = path.join(dir, 'app.cjs');
  fs.writeFileSync(script, PRELUDE + body);
  const args = options.register === false ? [script] : ['--require', path.join(REPO_ROOT, 'dist', 'register.js'), script];
  const result = await runNode(args, {
    cwd: dir,
    env: cleanEnv({ AGENTSIGHT_DIR: path.join(dir, 'store'), AGENTSIGHT_SESSION_NAME: 'exit-test' }),
    onSpawn: (child) => {
      if (!options.signal) return;
      // Signal once the app says it is ready (its work is done and it is waiting).
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) child.kill(options.signal);
      });
    },
  });
  const sessions = listSessionFiles(path.join(dir, 'store')).map(readSession);
  return { result, sessions };
}

const auto = (o: Outcome) => o.sessions.find((s) => s.start?.auto);
const explicit = (o: Outcome) => o.sessions.find((s) => s.start && !s.start.auto);

describe('process exit', () => {
  it('natural end: the automatic session ends success, an open explicit one indeterminate, all flushed', async () => {
    const o = await run(`
      startSession({ name: 'left-open' });
      work().then(() => console.log('done'));
    `);
    expect(o.result).toMatchObject({ code: 0, signal: null, stdout: 'done\n' });
    expect(o.result.stderr).toBe('');
    expect(auto(o)?.end).toMatchObject({ state: 'success', summary: { toolCalls: 1 } });
    expect(
      auto(o)
        ?.spans.map((s) => s.name)
        .sort(),
    ).toEqual(['execute_tool step', 'session exit-test']);
    expect(explicit(o)?.end).toMatchObject({ state: 'indeterminate', reason: 'the process exited before the session ended' });
  });

  it('process.exit(3): exit code kept, sessions ended and written synchronously', async () => {
    const o = await run(`
      startSession({ name: 'left-open' });
      work().then(() => { console.log('exiting'); process.exit(3); console.log('never printed'); });
    `);
    expect(o.result).toMatchObject({ code: 3, signal: null, stdout: 'exiting\n' });
    expect(auto(o)?.end).toMatchObject({ state: 'fail', reason: 'process exited with code 3', summary: { toolCalls: 1 } });
    expect(explicit(o)?.end?.state).toBe('indeterminate');
  });

  it('a span still open at exit is ended, marked as ended by the exit', async () => {
    const o = await run(`
      withTool('forever', () => new Promise(() => {}));
      setTimeout(() => process.exit(0), 20);
    `);
    expect(o.result.code).toBe(0);
    const span = auto(o)!.spans.find((s) => s.name === 'execute_tool forever')!;
    expect(span.attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.PROCESS_EXIT);
    expect(auto(o)!.end?.state).toBe('success');
  });

  it('SIGTERM without a handler: sessions end fail, everything is flushed, the process dies of the signal', async () => {
    const o = await run(
      `
      const s = startSession({ name: 'serving' });
      s.run(work).then(() => { console.log('ready'); setInterval(() => {}, 1000); });
    `,
      { signal: 'SIGTERM' },
    );
    expect(o.result).toMatchObject({ code: null, signal: 'SIGTERM', stdout: 'ready\n' });
    expect(explicit(o)?.end).toMatchObject({ state: 'fail', reason: 'SIGTERM', summary: { toolCalls: 1 } });
    expect(
      explicit(o)
        ?.spans.map((s) => s.name)
        .sort(),
    ).toEqual(['execute_tool step', 'session serving']);
  });

  it('SIGINT handled by the app: the app decides (here: cleans up and exits 0), sessions end fail', async () => {
    const o = await run(
      `
      process.on('SIGINT', () => { console.log('app cleanup'); setTimeout(() => process.exit(0), 10); });
      const s = startSession({ name: 'cli' });
      s.run(work).then(() => { console.log('ready'); setInterval(() => {}, 1000); });
    `,
      { signal: 'SIGINT' },
    );
    expect(o.result).toMatchObject({ code: 0, signal: null, stdout: 'ready\napp cleanup\n' });
    expect(explicit(o)?.end).toMatchObject({ state: 'fail', reason: 'SIGINT' });
  });

  it('uncaught exception: recorded, sessions end fail, the process dies as it would have (code 1, same report)', async () => {
    const body = `
      work().then(() => { setTimeout(() => { throw new Error('kaboom'); }, 1); });
    `;
    const o = await run(body);
    const bare = await run(body, { register: false });
    expect(o.result.code).toBe(1);
    expect(bare.result.code).toBe(1);
    // Node's own report of the crash is unchanged (paths and line numbers aside).
    const report = (r: RunResult) => r.stderr.split('\n').filter((l) => /Error: kaboom|^Node\.js/.test(l));
    expect(report(o.result)).toEqual(report(bare.result));
    expect(auto(o)?.end).toMatchObject({ state: 'fail', reason: 'uncaught exception: Error: kaboom' });
    const root = auto(o)!.spans.find((s) => s.name === 'session exit-test')!;
    expect(root.events.map((e) => e.attributes['exception.message'])).toContain('kaboom');
  });

  it('uncaught exception handled by the app: recorded, the app lives on, sessions end later', async () => {
    const o = await run(`
      process.on('uncaughtException', (e) => console.log('handled', e.message));
      work().then(() => {
        setTimeout(() => { throw new Error('survivable'); }, 1);
        setTimeout(() => work().then(() => console.log('still working')), 20);
      });
    `);
    expect(o.result).toMatchObject({ code: 0, stdout: 'handled survivable\nstill working\n' });
    expect(auto(o)?.end).toMatchObject({ state: 'fail', reason: 'uncaught exception: Error: survivable', summary: { toolCalls: 2 } });
  });

  it('never keeps a finished process alive', async () => {
    const o = await run(`work().then(() => console.log('quick'));`);
    // A timer or handle of ours holding the process open would run into run-node's kill.
    expect(o.result).toMatchObject({ code: 0, signal: null, stdout: 'quick\n' });
    expect(o.result.stderr).not.toContain('killed after');
  });
});
