/**
 * Everything the CLI says about one session, computed once from its records: state and
 * duration, the summary (from the end record, else rebuilt from the spans), calls without a known
 * price, and the totals per model and per agent.
 */
import { RollupAccumulator, type Rollup } from '../accounting/rollup';
import { accountedCall, isUnpriced } from '../accounting/span-attributes';
import { emptyUsage, type Usage } from '../accounting/usage';
import type { SpanRecord } from '../store/format';
import { overview, type SessionData, type SessionOverview } from '../store/reader';
import { agentName, attrs, isAgent, isOwnError } from './span-facts';

export interface ModelTotals {
  model: string;
  calls: number;
  errors: number;
  unpricedCalls: number;
  usage: Usage;
  costUsd: number;
}

export interface AgentTotals {
  /** The agent's name; `undefined` for LLM calls made outside any agent. */
  agent: string | undefined;
  /** How many agent spans of this name the session has. */
  runs: number;
  calls: number;
  unpricedCalls: number;
  usage: Usage;
  costUsd: number;
}

export interface SessionReport {
  data: SessionData;
  overview: SessionOverview;
  /** For a running session, the time since it started; else as in the overview. */
  durationMs: number | undefined;
  summary: Rollup;
  /** Where the summary comes from. */
  summarySource: 'end_record' | 'spans';
  unpricedCalls: number;
  byModel: ModelTotals[];
  /** Each agent's own LLM calls (calls in a nested agent count for that agent). */
  byAgent: AgentTotals[];
}

export function buildReport(data: SessionData, nowMs: number): SessionReport {
  const ov = overview(data);
  const durationMs = ov.status === 'running' && ov.startMs !== undefined ? Math.max(0, nowMs - ov.startMs) : ov.durationMs;
  const summary = ov.summary;

  const models = new Map<string, ModelTotals>();
  for (const [model, t] of Object.entries(summary.byModel ?? {})) {
    models.set(model, {
      model,
      calls: t.calls,
      errors: 0,
      unpricedCalls: 0,
      usage: { ...emptyUsage(), ...t.usage },
      costUsd: t.costUsd,
    });
  }
  const byId = new Map(data.spans.map((s) => [s.spanId, s]));
  const agents = new Map<
    string | undefined,
    { agent: string | undefined; runs: number; unpricedCalls: number; totals: RollupAccumulator }
  >();
  const agentEntry = (name: string | undefined) => {
    let entry = agents.get(name);
    if (!entry) {
      entry = { agent: name, runs: 0, unpricedCalls: 0, totals: new RollupAccumulator() };
      agents.set(name, entry);
    }
    return entry;
  };
  let unpricedCalls = 0;
  for (const span of data.spans) {
    if (isAgent(span)) agentEntry(agentName(span)).runs++;
    const call = accountedCall(attrs(span));
    if (!call) continue;
    let m = models.get(call.model);
    if (!m) {
      // A call the summary does not know (an end record written before a late span).
      m = { model: call.model, calls: 0, errors: 0, unpricedCalls: 0, usage: emptyUsage(), costUsd: 0 };
      models.set(call.model, m);
    }
    if (isOwnError(span)) m.errors++;
    const unpriced = isUnpriced(attrs(span));
    if (unpriced) {
      m.unpricedCalls++;
      unpricedCalls++;
    }
    const agent = agentEntry(nearestAgent(span.parentSpanId, byId));
    if (unpriced) agent.unpricedCalls++;
    agent.totals.addLlmCall(call.model, call.usage, call.costPico);
  }
  const byAgent: AgentTotals[] = [...agents.values()]
    .filter((a) => a.totals.llmCalls > 0 || a.agent !== undefined)
    .map(({ agent, runs, unpricedCalls, totals }) => ({
      agent,
      runs,
      calls: totals.llmCalls,
      unpricedCalls,
      usage: { ...totals.usage },
      costUsd: totals.costUsd,
    }));
  byAgent.sort(
    (a, b) =>
      (a.agent === undefined ? 1 : b.agent === undefined ? -1 : 0) || b.costUsd - a.costUsd || b.calls - a.calls || cmp(a.agent, b.agent),
  );
  const byModel = [...models.values()];
  byModel.sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || cmp(a.model, b.model));

  return {
    data,
    overview: ov,
    durationMs,
    summary,
    summarySource: data.end ? 'end_record' : 'spans',
    unpricedCalls,
    byModel,
    byAgent,
  };
}

/** The name of the closest agent span above `parentId`, following parents present in the store. */
function nearestAgent(parentId: string | undefined, byId: ReadonlyMap<string, SpanRecord>): string | undefined {
  const seen = new Set<string>();
  let id = parentId;
  while (id !== undefined && !seen.has(id)) {
    seen.add(id);
    const span = byId.get(id);
    if (!span) return undefined;
    if (isAgent(span)) return agentName(span);
    id = span.parentSpanId;
  }
  return undefined;
}

function cmp(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
