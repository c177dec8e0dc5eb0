/**
 * The local store: several processes writing one store at once, and a torn last line (a writer
 * killed mid-write) skipped with a warning, never fatal.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeRecord, sessionFileName, STORE_FORMAT_VERSION, type SessionStartRecord } from '../src/store/format';
import { listSessionFiles, overview, readSession } from '../src/store/reader';
import { cleanEnv, runNode } from './support/run-node';
import { REPO_ROOT } from './support/sdk-apps';
import { ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../src/semconv';

describe('local store', () => {
  it('takes sessions from several processes writing at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-shared-store-'));
    const script = path.join(dir, 'writer.cjs');
    fs.writeFileSync(
      script,
      `const { withSession, withTool } = require(${JSON.stringify(REPO_ROOT)});
      (async () => {
        await Promise.all(Array.from({ length: 20 }, (_, i) => withSession({ name: 'w' + process.argv[2] + '-' + i }, async () => {
          for (let j = 0; j < 5; j++) await withTool('t' + j, async () => 'x'.repeat(2000));
        })));
      })();`,
    );
    const env = cleanEnv({ AGENTSIGHT_DIR: path.join(dir, 'store'), AGENTSIGHT_AUTO_SESSION: 'false' });
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => runNode(['--require', path.join(REPO_ROOT, 'dist', 'register.js'), script, String(n)], { cwd: dir, env })),
    );
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: '' });
    const sessions = listSessionFiles(path.join(dir, 'store')).map(readSession);
    expect(sessions).toHaveLength(80);
    for (const s of sessions) {
      expect(s.warnings).toEqual([]);
      expect(s.spans).toHaveLength(6);
      expect(s.end?.summary.toolCalls).toBe(5);
      expect(new Set(s.spans.map((x) => x.sessionId))).toEqual(new Set([s.id]));
    }
  });

  it('skips a torn last line with a warning and keeps the rest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-torn-'));
    fs.mkdirSync(path.join(dir, 'sessions'));
    const id = 'ab'.repeat(16);
    const start: SessionStartRecord = {
      t: 'session_start',
      v: STORE_FORMAT_VERSION,
      id,
      name: 'crashed',
      tags: [],
      attributes: {},
      startMs: 1_700_000_000_000,
      pid: 999_999_999,
      hostname: os.hostname(),
      serviceName: 'svc',
      auto: false,
    };
    const file = path.join(dir, 'sessions', sessionFileName(start.startMs, id));
    const span = encodeRecord({
      t: 'span',
      v: STORE_FORMAT_VERSION,
      sessionId: id,
      traceId: id,
      spanId: '1'.repeat(16),
      parentSpanId: '2'.repeat(16),
      name: 'execute_tool t',
      kind: 'INTERNAL',
      startMs: 1_700_000_000_010,
      endMs: 1_700_000_000_020,
      status: { code: 'UNSET' },
      attributes: { [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.TOOL },
      events: [],
    });
    fs.writeFileSync(file, encodeRecord(start) + span + span.slice(0, 40));
    const [listed] = listSessionFiles(dir);
    const data = readSession(listed!);
    expect(data.start?.name).toBe('crashed');
    expect(data.spans).toHaveLength(1);
    expect(data.warnings).toEqual([`${file}:3: skipped torn last line (the writer stopped mid-line)`]);
    // No end record and its process is gone: unfinished, with a summary rebuilt from the spans.
    expect(overview(data)).toMatchObject({ status: 'unfinished', summary: { toolCalls: 1 } });
  });
});
