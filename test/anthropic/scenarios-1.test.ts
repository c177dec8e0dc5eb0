/** The scenario suite against @anthropic-ai/sdk 1 (see support/scenario-suite.ts). */
import { describeScenarioSuite } from './support/scenario-suite';

describeScenarioSuite('1');
