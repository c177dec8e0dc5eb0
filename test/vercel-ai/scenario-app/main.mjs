// The ESM consumer: `import ... from 'ai'` and the provider packages, run plain or under `--import
// agentsight/register`. It also loads `ai` through require (the CommonJS build of ai 5 and 6;
// require(esm) of ai 7), so both ways of loading it live in one process.
import { createRequire } from 'node:module';
process.noDeprecation = true;
const sdk = await import('ai');
const openai = await import('@ai-sdk/openai');
const anthropic = await import('@ai-sdk/anthropic');
const otel = process.env.SCENARIO_VARIANT === '7' ? await import('@ai-sdk/otel') : undefined;

const require = createRequire(import.meta.url);
const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? await import('agentsight') : undefined;
const cjsSdk = require('ai');
await require('./scenarios.cjs').main({ sdk, openai, anthropic, otel, cjsSdk, moduleSystem: 'esm' }, agentsight);
