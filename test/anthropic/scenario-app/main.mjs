// The ESM consumer: `import ... from '@anthropic-ai/sdk'` (after a deep import of a resource file),
// run plain or under `--import agentsight/register`. It also loads the CommonJS build, so both
// builds' classes live in one process.
import { createRequire } from 'node:module';
import * as deep from '@anthropic-ai/sdk/resources/messages';
import * as sdk from '@anthropic-ai/sdk';

const require = createRequire(import.meta.url);
const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? await import('agentsight') : undefined;
const cjsSdk = require('@anthropic-ai/sdk');
await require('./scenarios.cjs').main({ sdk, deep, cjsSdk, moduleSystem: 'esm' }, agentsight);
