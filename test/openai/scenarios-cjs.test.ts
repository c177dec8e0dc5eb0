/**
 * The scenario suite for a CommonJS consumer (`require('openai')` under `--require
 * agentsight/register`), on openai 4, 5, 6 and 7. See `support/scenario-suite.ts`.
 */
import { defineScenarioSuite } from './support/scenario-suite';

defineScenarioSuite('cjs');
