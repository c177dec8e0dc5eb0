/**
 * The local store with parts of a session written by other processes: one session listed once,
 * every file merged, roll-ups summed (the starting process's end record plus each part's, or each
 * part rebuilt from its spans when it has no end record).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RollupAccumulator } from '../../src/accounting/rollup';
import { findSession, listSessionFiles, overview, readSession } from '../../src/store/reader';
import { SESSIONS_FOLDER, isPartFileName, partFileName, sessionIdFromFileName } from '../../src/store/format';
import { PartBuilder, SessionBuilder, T0, sessionId, tempStore } from '../cli/fixtures';

function planWithResearch(dir: string, options: { partEnded?: boolean; originEnded?: boolean } = {}) {
  const b = new SessionBuilder(sessionId('9a7e'), 'plan-trip', T0, { pid: 100, service: 'planner' });
  const planner = b.agent('planner', 10, 5_000);
  b.llm({ model: 'gpt-4o-mini', at: 20, duration: 100, input: 1_000, output: 100, cost: 0.0003 }, planner);
  const ask = b.tool('ask-researcher', 200, 4_000, planner);
  const part = new PartBuilder(b, ask, { pid: 200, service: 'researcher', at: 250 });
  const researcher = part.add(b.agent('researcher', 260, 3_000, ask));
  part.add(b.llm({ model: 'claude-haiku-4-5', at: 300, duration: 900, input: 2_000, output: 500, cost: 0.0045 }, researcher));
  part.add(b.tool('search', 1_300, 200, researcher));
  const mainFile = b.write(dir, options.originEnded === false ? false : { state: 'success' });
  const partFile = part.write(dir, options.partEnded ?? true);
  return { b, part, mainFile, partFile };
}

describe('a session written by several processes', () => {
  it('names part files so that they sort with the session and say whose they are', () => {
    const name = partFileName(T0, sessionId('9a7e'), 4321, '0badc0de');
    expect(name).toBe(`20261125T233547123Z_${sessionId('9a7e')}_4321-0badc0de.jsonl`);
    expect(sessionIdFromFileName(name)).toBe(sessionId('9a7e'));
    expect(isPartFileName(name)).toBe(true);
    expect(isPartFileName(`20261125T233547123Z_${sessionId('9a7e')}.jsonl`)).toBe(false);
  });

  it('is listed once, with its parts, and found by prefix', () => {
    const dir = tempStore();
    const { mainFile, partFile } = planWithResearch(dir);
    new SessionBuilder(sessionId('77aa'), 'other', T0 - 60_000).write(dir, { state: 'success' });
    expect(listSessionFiles(dir)).toEqual([
      { id: sessionId('9a7e'), file: mainFile, parts: [partFile] },
      { id: sessionId('77aa'), file: expect.any(String), parts: [] },
    ]);
    expect(findSession(dir, '9a7')).toEqual({ kind: 'found', file: { id: sessionId('9a7e'), file: mainFile, parts: [partFile] } });
  });

  it('merges the spans of every file and sums the roll-ups', () => {
    const dir = tempStore();
    planWithResearch(dir);
    const data = readSession(listSessionFiles(dir)[0]!);
    expect(data.spans).toHaveLength(7);
    expect(data.parts).toHaveLength(1);
    expect(data.parts[0]!.start).toMatchObject({ pid: 200, serviceName: 'researcher' });
    expect(data.parts[0]!.spans.map((s) => s.name).sort()).toEqual([
      'chat claude-haiku-4-5',
      'execute_tool search',
      'invoke_agent researcher',
    ]);
    const ov = overview(data);
    expect(ov.status).toBe('success');
    expect(ov.summary).toMatchObject({ llmCalls: 2, toolCalls: 2, usage: { input: 3_000, output: 600 } });
    expect(ov.summary.costUsd).toBe(0.0048);
    expect(Object.keys(ov.summary.byModel).sort()).toEqual(['claude-haiku-4-5', 'gpt-4o-mini']);
  });

  it('rebuilds a part without an end record from its spans', () => {
    const dir = tempStore();
    planWithResearch(dir, { partEnded: false });
    expect(overview(readSession(listSessionFiles(dir)[0]!)).summary).toMatchObject({ llmCalls: 2, toolCalls: 2 });
  });

  it('with only a part in the store (the starting process wrote elsewhere), shows that part', () => {
    const dir = tempStore();
    const { mainFile, partFile } = planWithResearch(dir);
    fs.rmSync(mainFile);
    const [listed] = listSessionFiles(dir);
    expect(listed).toEqual({ id: sessionId('9a7e'), file: partFile, parts: [] });
    const data = readSession(listed!);
    expect(data.start).toBeUndefined();
    expect(data.parts).toHaveLength(1);
    expect(overview(data)).toMatchObject({ status: 'unfinished', summary: { llmCalls: 1, toolCalls: 1 } });
  });

  it('reads a session whose part file vanished with a warning, not a failure', () => {
    const dir = tempStore();
    const { partFile } = planWithResearch(dir);
    const listed = listSessionFiles(dir)[0]!;
    fs.rmSync(partFile);
    const data = readSession(listed);
    expect(data.warnings).toEqual([expect.stringContaining('skipped part that cannot be read (ENOENT)')]);
    expect(data.spans).toHaveLength(4);
  });

  it('ignores files that are not ours', () => {
    const dir = tempStore();
    planWithResearch(dir);
    fs.writeFileSync(path.join(dir, SESSIONS_FOLDER, `x_${sessionId('9a7e')}_1-abc.jsonl`), '');
    expect(listSessionFiles(dir)).toHaveLength(1);
  });
});

describe('RollupAccumulator.addRollup', () => {
  it('sums roll-ups exactly, in pico-dollars', () => {
    const a = new RollupAccumulator();
    a.addLlmCall('m', { input: 1, output: 2, cacheRead: 0, cacheCreation: 0, reasoning: 0 }, 100_000_000n);
    const sum = new RollupAccumulator();
    for (let i = 0; i < 3; i++) sum.addRollup(a.toRollup());
    sum.toolCalls++;
    expect(sum.toRollup()).toEqual({
      llmCalls: 3,
      toolCalls: 1,
      actions: 0,
      errors: 0,
      usage: { input: 3, output: 6, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
      costUsd: 0.0003,
      byModel: { m: { calls: 3, usage: { input: 3, output: 6, cacheRead: 0, cacheCreation: 0, reasoning: 0 }, costUsd: 0.0003 } },
    });
  });
});
