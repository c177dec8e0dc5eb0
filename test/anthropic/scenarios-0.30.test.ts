/** The Anthropic scenario suite against @anthropic-ai/sdk 0.30, for a CommonJS and an ESM consumer (see support/scenario-provider.ts). */
import { describeScenarioSuite } from '../support/scenario-harness';
import { anthropicScenarios } from './support/scenario-provider';

describeScenarioSuite(anthropicScenarios, ['0.30'], ['cjs', 'esm']);
