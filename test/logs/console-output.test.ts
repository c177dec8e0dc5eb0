/**
 * The console is unchanged under LogCapture: a script's stdout and stderr are the same bytes, in
 * the same order, with and without agentsight (console methods with format strings, objects,
 * errors, traces, groups, raw writes), colors on or off; and what it wrote inside the session is
 * in the store, formatted as Node formats it, without colors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { ATTR_AGENTSIGHT_LOG_SOURCE, ATTR_CODE_FUNCTION_NAME, LOG_SOURCE } from '../../src/semconv';
import { cleanEnv, runNode, type RunResult } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

const REGISTER = path.join(REPO_ROOT, 'dist', 'register.js');

/** Everything runs at the top level of the module, so the stacks it prints are the same in both runs. */
const SCRIPT = `
const util = require('node:util');
// Under agentsight, a first span starts the automatic session: what follows is written inside it.
if (process.env.WITH_AGENTSIGHT) require(${JSON.stringify(REPO_ROOT)}).withAction('start', () => 0);
const err = new Error('boom');
err.code = 'E_BOOM';
class Custom {
  [util.inspect.custom]() {
    console.log('printed while inspecting');
    return 'Custom<>';
  }
}
console.log('plain');
console.log('%s is %d years, %i, %f', 'Ann', 42.5, 42.5, 1.5);
console.log('%o and %O', { a: [1, { b: 2 }] }, { deep: { deeper: { deepest: { x: 1 } } } });
console.log('%j', { json: true }, 'extra', 7, '%s');
console.log('%c styled', 'color: red');
console.log({ map: new Map([[1, 'a']]), set: new Set([1]), date: new Date(0), re: /x/g, big: 10n, sym: Symbol('s'), fn: function named() {}, arr: new Array(120).fill(0) });
console.info('info', 1, true, null, undefined);
console.debug('debug line');
console.warn('warn %s', 'here');
console.error(err);
console.error('wrapped', err);
console.log(new Custom());
console.trace('trace %s', 'me');
console.trace();
console.group('group');
console.log('indented');
console.groupEnd();
console.assert(false, 'assertion %s', 'failed');
console.count('c');
console.dir({ dir: 1 }, { depth: 0 });
console.table([{ a: 1 }]);
process.stdout.write('partial ');
process.stdout.write(Buffer.from('bytes\\n'));
process.stderr.write('raw stderr\\n');
console.log('multi\\nline\\n');
console.log('unicode ✓ ü 😀');
console.log();
Error.stackTraceLimit = 1;
console.trace('one frame');
`;

interface Run {
  result: RunResult;
  store: string;
}

/** One folder for all runs: the stacks print the script's path. */
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-console-'));
fs.writeFileSync(path.join(DIR, 'app.cjs'), SCRIPT);

async function run(withAgentsight: boolean, env: Record<string, string> = {}): Promise<Run> {
  const dir = DIR;
  const store = fs.mkdtempSync(path.join(DIR, 'store-'));
  const result = await runNode([...(withAgentsight ? ['--require', REGISTER] : []), 'app.cjs'], {
    cwd: dir,
    env: cleanEnv({ ...env, AGENTSIGHT_DIR: store, ...(withAgentsight ? { WITH_AGENTSIGHT: '1' } : {}) }),
  });
  return { result, store };
}

describe('the console under LogCapture', () => {
  it.each([
    ['with stdio capture', { AGENTSIGHT_CAPTURE_STDIO: 'true' }],
    ['console only', {}],
    ['colors forced on', { FORCE_COLOR: '1', AGENTSIGHT_CAPTURE_STDIO: 'true' }],
  ])('prints the same bytes in the same order (%s)', async (_name, env) => {
    const [plain, captured] = await Promise.all([run(false, env), run(true, env)]);
    expect(plain.result.code).toBe(0);
    expect(captured.result.code).toBe(0);
    expect(captured.result.stdout).toBe(plain.result.stdout);
    expect(captured.result.stderr).toBe(plain.result.stderr);
    // The stacks are real ones (the script's frames), not the wrapper's.
    expect(plain.result.stderr).toContain('Trace: trace me\n    at Object.<anonymous>');
    expect(captured.result.stderr).not.toContain('console-capture');
    expect(plain.result.stdout.split('printed while inspecting').length - 1).toBe(1);
  });

  it('records what the script wrote in its session, formatted as Node formats it, without colors', async () => {
    const { result, store } = await run(true, { FORCE_COLOR: '1' });
    expect(result.code).toBe(0);
    const [session] = listSessionFiles(store).map(readSession);
    const logs = session!.logs;
    const bodies = logs.map((l) => l.body);
    expect(bodies).toContain('Ann is 42.5 years, 42, 1.5');
    expect(bodies).toContain(format('%o and %O', { a: [1, { b: 2 }] }, { deep: { deeper: { deepest: { x: 1 } } } }));
    expect(bodies).toContain('{"json":true} extra 7 %s');
    expect(bodies).toContain('info 1 true null undefined');
    expect(bodies).toContain('Custom<>');
    expect(bodies).toContain('indented');
    expect(bodies).toContain('Assertion failed: assertion failed');
    expect(bodies).toContain('c: 1');
    expect(bodies).toContain('multi\nline\n');
    expect(bodies).toContain('unicode ✓ ü 😀');
    // Not colored, though the console printed colors.
    expect(result.stdout).toContain('\u001b[');
    for (const body of bodies) expect(body).not.toContain('\u001b[');
    const error = logs.find((l) => l.body.startsWith('Error: boom'))!;
    expect(error).toMatchObject({ severityNumber: 17, severityText: 'ERROR' });
    expect(error.body).toContain("code: 'E_BOOM'");
    const trace = logs.find((l) => l.body.startsWith('Trace: trace me'))!;
    expect(trace).toMatchObject({ severityNumber: 1, severityText: 'TRACE' });
    expect(trace.body).toMatch(/^Trace: trace me\n {4}at Object\.<anonymous> \(.*app\.cjs:\d+:\d+\)/);
    expect(logs.find((l) => l.body.startsWith('Trace: one frame'))!.body).toMatch(/^Trace: one frame\n {4}at [^\n]*app\.cjs:\d+:\d+\)$/);
    // Console lines are recorded once, as console lines; nothing comes from the trace's inner console.error.
    expect(logs.filter((l) => l.body.startsWith('Trace: trace me'))).toHaveLength(1);
    expect(logs.filter((l) => l.attributes[ATTR_CODE_FUNCTION_NAME] === 'console.log').length).toBeGreaterThan(5);
    expect(logs.every((l) => l.attributes[ATTR_AGENTSIGHT_LOG_SOURCE] === LOG_SOURCE.CONSOLE)).toBe(true);
    expect(logs.every((l) => l.sessionId === session!.id && l.traceId === session!.id)).toBe(true);
  });
});
