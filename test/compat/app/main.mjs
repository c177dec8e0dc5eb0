// The ESM consumer: `import OpenAI from 'openai'`, run plain or under `--import agentsight/register`.
import { createRequire } from 'node:module';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

const agentsight = process.env.COMPAT_INSTRUMENTED === '1' ? await import('agentsight') : undefined;
await createRequire(import.meta.url)('./calls.cjs').main({ OpenAI, Anthropic }, agentsight);
