/**
 * The Vercel AI SDK scenario suite's own part (the harness is `test/support/scenario-harness.ts`):
 * the scenarios are the rows of `scenario-table.ts`, run on every `ai` major with its own provider
 * packages (`PACKAGES`); each must produce the spans `span-checks.ts` expects of its row, given what
 * its caller saw (`caller-view.ts`). What a module system cannot run is its reason instead.
 */
import * as path from 'node:path';
import type { ModuleSystem, ScenarioEntry, ScenarioProvider } from '../../support/scenario-harness';
import { CALL_PATHS, PACKAGES, SCENARIO_TABLE, type Major } from '../scenario-table';
import { callerView } from './caller-view';
import { checkScenario } from './span-checks';

interface AppModule {
  scenarios(v: string, moduleSystem: ModuleSystem): Record<string, unknown>;
}

const APP_DIR = path.join(__dirname, '..', 'scenario-app');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS file, no types
const app = require(path.join(APP_DIR, 'scenarios.cjs')) as AppModule;
const ROWS = new Map(SCENARIO_TABLE.map((row) => [row.name, row]));

export const vercelAiScenarios: ScenarioProvider<Major> = {
  name: 'vercel-ai',
  title: (major) => `ai ${major}`,
  appDir: APP_DIR,
  packages: (major) => PACKAGES[major],
  apiKey: 'sk-vercel-scenario-SECRET-0123456789',
  catalog: (major, module): ScenarioEntry[] => {
    const scenarios = app.scenarios(major, module);
    return SCENARIO_TABLE.map((row) => {
      const scenario = scenarios[row.name];
      return typeof scenario === 'string' ? { name: row.name, notApplicable: scenario } : { name: row.name };
    });
  },
  checkSpans({ name, variant: major, observed, spans, instrumented, deadPort }) {
    const row = ROWS.get(name)!;
    const spec = CALL_PATHS[row.path]!;
    return checkScenario({
      row,
      major,
      path: spec,
      view: callerView(spec.family, observed),
      spans,
      port: row.endCase === 'connection refused' ? deadPort : instrumented.mockPort,
    });
  },
};
