'use strict';
// The CommonJS consumer: `require('openai')`, run plain or under `--require agentsight/register`.
const openai = require('openai');
const anthropic = require('@anthropic-ai/sdk');

const agentsight = process.env.COMPAT_INSTRUMENTED === '1' ? require('agentsight') : undefined;
require('./calls.cjs').main({ OpenAI: openai.OpenAI || openai.default, Anthropic: anthropic.Anthropic || anthropic.default }, agentsight);
