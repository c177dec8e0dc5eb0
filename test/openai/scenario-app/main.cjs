'use strict';
// The CommonJS consumer: `require('openai')`, run plain or under `--require agentsight/register`.
const sdk = require('openai');
const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? require('agentsight') : undefined;
require('./scenarios.cjs').main({ sdk, moduleSystem: 'cjs' }, agentsight);
