/**
 * The OpenAI scenario suite for an ESM consumer (`import ... from 'openai'` under `--import
 * agentsight/register`), on openai 4, 5, 6 and 7. See `support/scenario-provider.ts`.
 */
import { describeScenarioSuite } from '../support/scenario-harness';
import { MAJORS } from './scenario-table';
import { openaiScenarios } from './support/scenario-provider';

describeScenarioSuite(openaiScenarios, MAJORS, ['esm']);
