/**
 * Runs the scenario app (`test/openai/scenario-app/`) in a child process: one openai major, one
 * module system, with or without agentsight, against a fresh mock LLM server (fresh, so the mock's
 * ids are the same in every run) and, when instrumented, an OTLP receiver.
 */
import * as path from 'node:path';
import { startMockLlmServer, type RecordedRequest } from '../../support/mock-llm-server';
import type { OtlpSpan, OtlpReceiver } from '../../support/otlp-receiver';
import { cleanEnv, runNode, type RunResult } from '../../support/run-node';
import { scenarioAppDir, scenarioResults } from '../../support/scenario-apps';
import type { SdkAlias } from '../../support/sdk-apps';
import type { Major } from '../scenario-table';

export type ModuleSystem = 'cjs' | 'esm';

export interface ScenarioRun {
  /** What the caller observed, per scenario name. */
  results: Record<string, unknown>;
  /** The mock's requests, per scenario name (the `x-scenario` header). */
  requests: Record<string, RecordedRequest[]>;
  /** The mock's port (the spans' `server.port`). */
  mockPort: number;
  run: RunResult;
}

const APP_FILES = ['scenarios.cjs', 'main.cjs', 'main.mjs'];

export interface ScenarioRunOptions {
  major: Major;
  module: ModuleSystem;
  /** The receiver to export to; absent: the uninstrumented run. */
  receiver?: OtlpReceiver;
  deadPort: number;
  /** Extra environment (e.g. `AGENTSIGHT_OPENAI_STREAM_USAGE`). */
  env?: NodeJS.ProcessEnv;
  /** Only these scenarios. */
  only?: string[];
}

export async function runScenarioApp(options: ScenarioRunOptions): Promise<ScenarioRun> {
  const dir = scenarioAppDir(`openai-${options.major}` as SdkAlias, path.join(__dirname, '..', 'scenario-app'), 'scenario-app', APP_FILES);
  const mock = await startMockLlmServer();
  try {
    const instrumented = options.receiver !== undefined;
    const main = path.join(dir, 'scenario-app', options.module === 'cjs' ? 'main.cjs' : 'main.mjs');
    const register = options.module === 'cjs' ? ['--require', 'agentsight/register'] : ['--import', 'agentsight/register'];
    const env = cleanEnv({
      MOCK_URL: mock.url,
      DEAD_URL: `http://127.0.0.1:${options.deadPort}`,
      OPENAI_MAJOR: String(options.major),
      ...(options.only ? { SCENARIOS: options.only.join(',') } : {}),
      ...(instrumented
        ? {
            SCENARIO_INSTRUMENTED: '1',
            AGENTSIGHT_EXPORTERS: 'otlp',
            OTEL_EXPORTER_OTLP_ENDPOINT: options.receiver!.url,
            AGENTSIGHT_AUTO_SESSION: 'false',
          }
        : {}),
      ...options.env,
    });
    const run = await runNode([...(instrumented ? register : []), main], { cwd: dir, env, timeoutMs: 60_000 });
    const { results, requests } = scenarioResults<unknown>(run, mock.requests);
    return { results, requests, mockPort: mock.port, run };
  } finally {
    await mock.close();
  }
}

/** Spans grouped by the scenario whose session they belong to (the session span's name). */
export function spansByScenario(spans: OtlpSpan[]): Map<string, OtlpSpan[]> {
  const sessionOf = new Map<string, string>();
  for (const span of spans) {
    if (span.parentSpanId === undefined && span.name.startsWith('session '))
      sessionOf.set(span.traceId, span.name.slice('session '.length));
  }
  const byScenario = new Map<string, OtlpSpan[]>();
  for (const span of spans) {
    const name = sessionOf.get(span.traceId);
    if (name !== undefined) byScenario.set(name, [...(byScenario.get(name) ?? []), span]);
  }
  return byScenario;
}
