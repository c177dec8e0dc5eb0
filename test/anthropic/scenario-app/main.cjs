'use strict';
// The CommonJS consumer: `require('@anthropic-ai/sdk')` (after a deep import of a resource file),
// run plain or under `--require agentsight/register`.
const deep = require('@anthropic-ai/sdk/resources/messages');
const sdk = require('@anthropic-ai/sdk');
const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? require('agentsight') : undefined;
require('./scenarios.cjs').main({ sdk, deep, moduleSystem: 'cjs' }, agentsight);
