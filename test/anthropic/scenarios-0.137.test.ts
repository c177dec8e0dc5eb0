/** The Anthropic scenario suite against @anthropic-ai/sdk 0.137, for a CommonJS and an ESM consumer (see support/scenario-provider.ts). */
import { describeScenarioSuite } from '../support/scenario-harness';
import { anthropicScenarios } from './support/scenario-provider';

describeScenarioSuite(anthropicScenarios, ['0.137'], ['cjs', 'esm']);
