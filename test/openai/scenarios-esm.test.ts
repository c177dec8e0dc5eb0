/**
 * The scenario suite for an ESM consumer (`import ... from 'openai'` under `--import
 * agentsight/register`), on openai 4, 5, 6 and 7. See `support/scenario-suite.ts`.
 */
import { defineScenarioSuite } from './support/scenario-suite';

defineScenarioSuite('esm');
