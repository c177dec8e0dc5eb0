/**
 * `ANTHROPIC_OPEN_TELEMETRY=true` is an explicit request for the SDK's own spans: every client keeps
 * them, nested under ours, and our span stays the one the session counts. A child process per
 * version, a few scenarios of the suite.
 */
import { startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from '../support/otlp-receiver';
import { deadPort, runScenarioApp } from '../support/scenario-harness';
import { callerView } from './support/caller-view';
import { anthropicScenarios, familyOf, type AnthropicVersion } from './support/scenario-provider';
import { checkScenario } from './support/span-checks';

const SCENARIOS = [
  'messages.create | completed',
  'messages.create stream | read to end',
  'messages.stream() | finalMessage()',
  'messages.stream() | abort()',
  'messages.countTokens | completed',
  'messages.batches.create | completed',
];

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe.each<AnthropicVersion>(['0.137', '1'])('@anthropic-ai/sdk %s with ANTHROPIC_OPEN_TELEMETRY=true', (version) => {
  it('keeps the SDK spans, each a child of our LLM span', async () => {
    const run = await runScenarioApp(anthropicScenarios, {
      variant: version,
      module: 'cjs',
      receiver,
      deadPort: await deadPort(),
      only: SCENARIOS,
      env: { ANTHROPIC_OPEN_TELEMETRY: 'true' },
    });
    expect(run.run.code).toBe(0);
    const mine = (all: OtlpSpan[]) => all.filter((s) => s.resource['service.name'] === run.serviceName);
    const spans = mine(await receiver.waitFor((all) => mine(all).filter((s) => s.name.startsWith('session ')).length >= SCENARIOS.length));
    for (const name of SCENARIOS) {
      const session = spans.find((s) => s.name === `session ${name}`)!;
      const [pathName = '', caseName = ''] = name.split(' | ');
      const family = familyOf(pathName);
      const problems = checkScenario({
        name,
        pathName,
        caseName,
        family,
        view: callerView(family, caseName, run.results[name]!),
        spans: spans.filter((s) => s.traceId === session.traceId),
        port: run.mockPort,
        nested: true,
      });
      expect({ name, problems }).toEqual({ name, problems: [] });
    }
  });
});
