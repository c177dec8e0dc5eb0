/**
 * The Anthropic scenario suite's own part (the harness is `test/support/scenario-harness.ts`):
 * every call path x end case of `scenario-app/scenarios.cjs` for a version, those it cannot run
 * listed with the reason, and for each scenario the span checks of `span-checks.ts` against what
 * its caller saw (`caller-view.ts`).
 */
import * as path from 'node:path';
import type { ModuleSystem, ScenarioEntry, ScenarioProvider } from '../../support/scenario-harness';
import { callerView, type Family } from './caller-view';
import { checkScenario } from './span-checks';

export type AnthropicVersion = '0.30' | '0.137' | '1';

interface AppModule {
  scenarios(v: string, moduleSystem: ModuleSystem): Record<string, unknown>;
}

const APP_DIR = path.join(__dirname, '..', 'scenario-app');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS file, no types
const app = require(path.join(APP_DIR, 'scenarios.cjs')) as AppModule;

/** Which end cases a call path takes: an APIPromise of a value, of a Stream, or a MessageStream helper. */
export function familyOf(pathName: string): Family {
  if (pathName.includes('stream()')) return 'helper';
  if (pathName.includes(' stream')) return 'stream';
  return 'json';
}

export const anthropicScenarios: ScenarioProvider<AnthropicVersion> = {
  name: 'anthropic',
  title: (version) => `@anthropic-ai/sdk ${version}`,
  appDir: APP_DIR,
  packages: (version) => [`anthropic-${version}`],
  apiKey: 'sk-ant-scenario-SECRET-0123456789',
  catalog: (version, module): ScenarioEntry[] =>
    Object.entries(app.scenarios(version, module)).map(([name, scenario]) =>
      typeof scenario === 'string' ? { name, notApplicable: scenario } : { name },
    ),
  checkSpans({ name, observed, spans, instrumented, deadPort }) {
    const [pathName = '', caseName = ''] = name.split(' | ');
    const family = familyOf(pathName);
    return checkScenario({
      name,
      pathName,
      caseName,
      family,
      view: callerView(family, caseName, observed),
      spans,
      port: caseName === 'connection refused' ? deadPort : instrumented.mockPort,
    });
  },
};
