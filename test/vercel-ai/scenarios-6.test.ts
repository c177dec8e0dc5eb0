/** The Vercel AI SDK scenario suite against ai 6, for a CommonJS and an ESM consumer (see support/scenario-provider.ts). */
import { describeScenarioSuite } from '../support/scenario-harness';
import { vercelAiScenarios } from './support/scenario-provider';

describeScenarioSuite(vercelAiScenarios, ['6'], ['cjs', 'esm']);
