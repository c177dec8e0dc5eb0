/**
 * The GenAI client metrics and the cost counter, as an OTLP backend receives them from an app
 * under `agentsight/register` (real openai package, mock server on loopback).
 */
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpMetric, type OtlpReceiver } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { sdkApp, writeAppScript } from '../support/sdk-apps';
import {
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  DURATION_BUCKETS,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  METRIC_AGENTSIGHT_COST_USD,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  SPAN_KIND,
  TOKEN_USAGE_BUCKETS,
} from '../../src/semconv';

const APP = `
import OpenAI from 'openai';
const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_OPENAI, maxRetries: 0 });
const messages = [{ role: 'user', content: 'one two three four' }];
await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-mock-scenario': JSON.stringify({ firstChunkDelayMs: 30 }) } });
for await (const _ of stream);
await client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-scenario': JSON.stringify({ status: 500 }) } }).catch(() => {});
console.log('done');
`;

describe('GenAI metrics over OTLP', () => {
  let mock: MockLlmServer;
  let receiver: OtlpReceiver;
  let metrics: OtlpMetric[];
  let costs: number[];

  beforeAll(async () => {
    mock = await startMockLlmServer();
    receiver = await startOtlpReceiver();
    const dir = sdkApp(['openai-7']);
    const script = writeAppScript(dir, 'metrics-app.mjs', APP);
    const result = await runNode(['--import', 'agentsight/register', script], {
      cwd: dir,
      env: cleanEnv({
        MOCK_OPENAI: mock.openaiBaseURL,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        AGENTSIGHT_EXPORTERS: 'otlp',
        AGENTSIGHT_OPENAI_STREAM_USAGE: 'always',
      }),
    });
    expect(result).toMatchObject({ code: 0, stdout: 'done\n', stderr: '' });
    metrics = await receiver.waitForMetrics((m) => m.some((x) => x.name === METRIC_AGENTSIGHT_COST_USD));
    const llm = (
      await receiver.waitFor((s) => s.filter((x) => x.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM).length === 3)
    ).filter((x) => x.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    costs = llm.map((s) => s.attributes[ATTR_AGENTSIGHT_COST_USD]).filter((c): c is number => typeof c === 'number');
  });
  afterAll(async () => {
    await mock.close();
    await receiver.close();
  });

  const metric = (name: string): OtlpMetric => {
    const found = metrics.filter((m) => m.name === name);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('records token usage by token type, with the semconv unit and buckets', () => {
    const usage = metric(METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
    expect(usage).toMatchObject({ kind: 'histogram', unit: '{token}' });
    const byType = Object.fromEntries(usage.points.map((p) => [p.attributes[ATTR_GEN_AI_TOKEN_TYPE], p]));
    expect(Object.keys(byType).sort()).toEqual(['input', 'output']);
    for (const point of usage.points) {
      expect(point.explicitBounds).toEqual(TOKEN_USAGE_BUCKETS);
      expect(point.count).toBe(2); // the two calls that returned usage
      expect(point.attributes).toMatchObject({
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
        [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
        [ATTR_SERVER_ADDRESS]: '127.0.0.1',
      });
    }
    expect(byType.input!.sum).toBe(8); // 4 prompt words, twice
  });

  it('records operation duration, with error.type on the failed call', () => {
    const duration = metric(METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(duration).toMatchObject({ kind: 'histogram', unit: 's' });
    expect(duration.points.every((p) => JSON.stringify(p.explicitBounds) === JSON.stringify(DURATION_BUCKETS))).toBe(true);
    const failed = duration.points.filter((p) => p.attributes[ATTR_ERROR_TYPE] !== undefined);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.attributes[ATTR_ERROR_TYPE]).toBe('InternalServerError');
    expect(duration.points.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(3);
  });

  it('records time to first chunk for the stream only', () => {
    const ttfc = metric(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK);
    expect(ttfc).toMatchObject({ kind: 'histogram', unit: 's' });
    expect(ttfc.points).toHaveLength(1);
    expect(ttfc.points[0]!.count).toBe(1);
    expect(ttfc.points[0]!.sum).toBeGreaterThanOrEqual(0.03);
  });

  it('counts spend by provider and model, equal to the sum of the spans', () => {
    const cost = metric(METRIC_AGENTSIGHT_COST_USD);
    expect(cost).toMatchObject({ kind: 'sum', unit: 'USD', isMonotonic: true });
    expect(cost.points).toHaveLength(1);
    expect(cost.points[0]!.attributes).toMatchObject({ [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI });
    expect(costs).toHaveLength(2);
    expect(cost.points[0]!.value).toBeCloseTo(costs[0]! + costs[1]!, 12);
  });
});
