// The ESM consumer: `import ... from 'openai'`, run plain or under `--import agentsight/register`.
import { createRequire } from 'node:module';
import * as sdk from 'openai';

const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? await import('agentsight') : undefined;
const { main } = createRequire(import.meta.url)('./scenarios.cjs');
await main({ sdk, moduleSystem: 'esm' }, agentsight);
