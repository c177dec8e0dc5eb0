/**
 * Runs the scenario app (`test/anthropic/scenario-app/`) in a child process: one SDK version, one
 * module system, with or without agentsight, against a fresh mock LLM server (fresh, so the mock's
 * ids are the same in every run) and, when instrumented, an OTLP receiver.
 */
import * as path from 'node:path';
import { startMockLlmServer, type RecordedRequest } from '../../support/mock-llm-server';
import type { OtlpReceiver } from '../../support/otlp-receiver';
import { cleanEnv, runNode, type RunResult } from '../../support/run-node';
import { scenarioAppDir, scenarioResults } from '../../support/scenario-apps';
import type { SdkAlias } from '../../support/sdk-apps';

export type ModuleSystem = 'cjs' | 'esm';
export type AnthropicVersion = '0.30' | '0.137' | '1';

/** What the caller observed in one scenario (JSON), or why the scenario does not apply. */
export type Observed = Record<string, unknown> & { notApplicable?: string };

export interface ScenarioRun {
  results: Record<string, Observed>;
  /** The mock's requests, per scenario name (the `x-scenario` header). */
  requests: Record<string, RecordedRequest[]>;
  run: RunResult;
  /** `service.name` of the run's spans (instrumented runs). */
  serviceName: string;
  /** The port of the run's mock server. */
  mockPort: number;
}

/** The API key the apps use: it must appear in no span. */
export const SCENARIO_API_KEY = 'sk-ant-scenario-SECRET-0123456789';

const APP_FILES = ['scenarios.cjs', 'main.cjs', 'main.mjs'];

export interface ScenarioRunOptions {
  version: AnthropicVersion;
  module: ModuleSystem;
  /** The receiver to export to; absent: the uninstrumented run. */
  receiver?: OtlpReceiver;
  deadPort: number;
  env?: NodeJS.ProcessEnv;
  /** Only these scenarios. */
  only?: string[];
}

export async function runScenarioApp(options: ScenarioRunOptions): Promise<ScenarioRun> {
  const dir = scenarioAppDir(
    `anthropic-${options.version}` as SdkAlias,
    path.join(__dirname, '..', 'scenario-app'),
    'anthropic-scenario-app',
    APP_FILES,
  );
  const mock = await startMockLlmServer();
  const instrumented = options.receiver !== undefined;
  const serviceName = `anthropic-${options.version}-${options.module}`;
  try {
    const main = path.join(dir, 'anthropic-scenario-app', options.module === 'cjs' ? 'main.cjs' : 'main.mjs');
    const register = options.module === 'cjs' ? ['--require', 'agentsight/register'] : ['--import', 'agentsight/register'];
    const env = cleanEnv({
      MOCK_URL: mock.url,
      DEAD_URL: `http://127.0.0.1:${options.deadPort}`,
      ANTHROPIC_VERSION: options.version,
      SCENARIO_API_KEY,
      ...(options.only ? { SCENARIOS: options.only.join(';') } : {}),
      ...(instrumented
        ? {
            SCENARIO_INSTRUMENTED: '1',
            AGENTSIGHT_EXPORTERS: 'otlp',
            OTEL_EXPORTER_OTLP_ENDPOINT: options.receiver!.url,
            OTEL_SERVICE_NAME: serviceName,
            AGENTSIGHT_AUTO_SESSION: 'false',
          }
        : {}),
      ...options.env,
    });
    const run = await runNode([...(instrumented ? register : []), main], { cwd: dir, env, timeoutMs: 90_000 });
    const { results, requests } = scenarioResults<Observed>(run, mock.requests);
    return { results, requests, run, serviceName, mockPort: mock.port };
  } finally {
    await mock.close();
  }
}
