'use strict';
// The CommonJS consumer: `require('ai')` and the provider packages (ai 7, ESM only, loads through
// require(esm)), run plain or under `--require agentsight/register`.
process.noDeprecation = true;
const sdk = require('ai');
const openai = require('@ai-sdk/openai');
const anthropic = require('@ai-sdk/anthropic');
const otel = process.env.SCENARIO_VARIANT === '7' ? require('@ai-sdk/otel') : undefined;
const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? require('agentsight') : undefined;
require('./scenarios.cjs').main({ sdk, openai, anthropic, otel, moduleSystem: 'cjs' }, agentsight);
