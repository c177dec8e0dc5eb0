/**
 * The local store in trouble: its folder cannot be made, the disk is full, or the disk stalls.
 * In each case the app runs as it would without us (same output, same exit code, its calls return
 * their results), memory stays within the queue's bound, and every span that is not written is
 * counted by export health: one warning per kind and the totals at exit, never silent.
 *
 * The faults are injected at the fs boundary (test/support/fs-faults.cjs) in a real app.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { MAX_PENDING_SPANS } from '../../src/telemetry/exporters/local-store-exporter';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

const REGISTER = path.join(REPO_ROOT, 'dist', 'register.js');
const FS_FAULTS = path.join(REPO_ROOT, 'test', 'support', 'fs-faults.cjs');

/** `in all, not exported: N spans (...)` at exit, or the single warning's count when nothing followed it. */
function droppedSpans(stderr: string): number {
  const total = /in all, not exported: (\d+) spans/.exec(stderr);
  if (total) return Number(total[1]);
  const first = /agentsight\/export warn: (\d+) spans? w(?:as|ere) not exported/.exec(stderr);
  return first ? Number(first[1]) : 0;
}

async function runApp(body: string, store: string, env: Record<string, string> = {}, preload: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-store-fault-'));
  const script = path.join(dir, 'app.cjs');
  fs.writeFileSync(script, `const { withSession, withTool } = require(${JSON.stringify(REPO_ROOT)});\n${body}`);
  return runNode([...preload, '--require', REGISTER, script], {
    cwd: dir,
    env: cleanEnv({ AGENTSIGHT_DIR: store, AGENTSIGHT_AUTO_SESSION: 'false', ...env }),
  });
}

/** 20 sessions of 5 tools each (120 spans), each tool's result checked by the app. */
const SESSIONS = `
(async () => {
  let ok = 0;
  await Promise.all(Array.from({ length: 20 }, (_, i) => withSession({ name: 's' + i }, async () => {
    for (let j = 0; j < 5; j++) if ((await withTool('t' + j, async () => i * 10 + j)) === i * 10 + j) ok++;
  })));
  console.log('results ' + ok);
})();
`;

describe('local store faults', () => {
  it('a store folder that cannot be made: the app is untouched, all 120 spans counted as export_failed', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-unwritable-'));
    let store: string;
    if (process.getuid?.() === 0) {
      // Root writes anywhere: a folder below a regular file cannot be made by anyone.
      fs.writeFileSync(path.join(root, 'file'), '');
      store = path.join(root, 'file', 'store');
    } else {
      fs.chmodSync(root, 0o500);
      store = path.join(root, 'store');
    }
    const result = await runApp(SESSIONS, store);
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'results 100\n' });
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^agentsight\/local-store warn: cannot write to the local store at .*: Error: (ENOTDIR|EACCES)/);
    expect(lines[1]).toMatch(/^agentsight\/export warn: \d+ spans? w(as|ere) not exported \(export_failed\): local store: cannot write to/);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(droppedSpans(result.stderr)).toBe(120);
  });

  it('a full disk: the app is untouched, all 120 spans counted as export_failed, no partial session', async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-full-'));
    const result = await runApp(SESSIONS, store, { FS_FAULT: 'enospc', FS_FAULT_UNDER: store }, ['--require', FS_FAULTS]);
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'results 100\n' });
    expect(result.stderr).toMatch(
      /^agentsight\/local-store warn: cannot write to the local store at .*: Error: ENOSPC: no space left on device/,
    );
    expect(result.stderr).toMatch(/agentsight\/export warn: \d+ spans? w(as|ere) not exported \(export_failed\)/);
    expect(droppedSpans(result.stderr)).toBe(120);
    expect(listSessionFiles(store)).toEqual([]);
  });

  it('a stalled disk: memory stays within the bounds; each of 10000 spans is written once or counted', async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-stalled-'));
    // 10000 spans end at once while the disk never completes a write. The store holds up to
    // MAX_PENDING_SPANS (4096) waiting for the disk and then makes the batch processor's export
    // wait: one batch (512) past the bound, 2048 queued, and the rest dropped. At exit the
    // synchronous path writes what is held.
    const result = await runApp(
      `const n = withSession({ name: 'flood' }, () => { let n = 0; for (let i = 0; i < 9999; i++) n += withTool('t', () => 1); return n; });
      console.log('sum ' + n);`,
      store,
      { FS_FAULT: 'stall', FS_FAULT_UNDER: store, AGENTSIGHT_SHUTDOWN_TIMEOUT_MS: '300' },
      ['--require', FS_FAULTS],
    );
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'sum 9999\n' });
    const [file] = listSessionFiles(store);
    const held = MAX_PENDING_SPANS + 512 + 2048;
    expect(readSession(file!).spans).toHaveLength(held);
    // Written once each (the reader would hide a line written twice).
    const lines = fs.readFileSync(file!.file, 'utf8').split('\n');
    expect(lines.filter((l) => l.startsWith('{"t":"span"'))).toHaveLength(held);
    expect(droppedSpans(result.stderr)).toBe(10_000 - held);
    expect(result.stderr).toMatch(/spans? w(as|ere) not exported \(queue_full\): local store: queue full \(2048 spans\)/);
  });
});
