/** The scenario suite against @anthropic-ai/sdk 0.137 (see support/scenario-suite.ts). */
import { describeScenarioSuite } from './support/scenario-suite';

describeScenarioSuite('0.137');
