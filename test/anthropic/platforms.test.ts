/**
 * Amazon Bedrock and Google Vertex AI through their own clients (@anthropic-ai/bedrock-sdk and
 * vertex-sdk 1.x, which reuse the Anthropic resource classes): one LLM span per call with
 * `gen_ai.provider.name` `aws.bedrock` / `gcp.vertex_ai`, the platform's host, and Anthropic's
 * prices for the platform model ids; the caller sees the same as without agentsight. The platforms'
 * credentials (AWS keys and session token, the Vertex bearer token) and the headers they sign
 * with appear in no exported byte and no store file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMockLlmServer, type RecordedRequest } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpSpan } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { secretsIn, secretsSent } from '../support/scenario-harness';
import {
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../../src/semconv';
import { platformApp } from './support/platform-app';

const app = platformApp();
const PLATFORMS = {
  bedrock: { provider: 'aws.bedrock', host: 'bedrock-runtime.us-east-1.amazonaws.com', model: 'anthropic.claude-haiku-4-5-20251001-v1:0' },
  vertex: { provider: 'gcp.vertex_ai', host: 'us-east5-aiplatform.googleapis.com', model: 'claude-haiku-4-5@20251001' },
};
const CALLS = ['messages.create', 'messages.create stream', 'messages.stream()', 'beta.messages.create'];
/** The platforms' credentials, in the shapes AWS and Google issue. */
const CREDENTIALS = {
  PLATFORM_AWS_ACCESS_KEY: 'AKIAPLATFORMTEST0001',
  PLATFORM_AWS_SECRET_KEY: 'platformSECRETkey/0123456789abcdefghijklm',
  PLATFORM_AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEPLATFORMsessionSECRETtoken0123456789',
  PLATFORM_VERTEX_TOKEN: 'ya29.vertex-SECRET-token-0123456789',
};

interface PlatformRun {
  results: Record<string, Record<string, unknown>>;
  requests: readonly RecordedRequest[];
  /** Every byte of the run's local store. */
  store: Buffer;
}

async function run(instrumented: boolean, receiverUrl?: string): Promise<PlatformRun> {
  const mock = await startMockLlmServer();
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-platforms-'));
  try {
    const env = cleanEnv({
      MOCK_URL: mock.url,
      ...CREDENTIALS,
      ...(instrumented
        ? {
            SCENARIO_INSTRUMENTED: '1',
            AGENTSIGHT_EXPORTERS: 'otlp,local',
            AGENTSIGHT_DIR: store,
            OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
            AGENTSIGHT_AUTO_SESSION: 'false',
          }
        : {}),
    });
    const result = await runNode([...(instrumented ? ['--require', 'agentsight/register'] : []), 'main.cjs'], { cwd: app, env });
    const line = result.stdout.split('\n').find((l) => l.startsWith('PLATFORM_RESULTS '));
    if (!line) throw new Error(`no results (code ${result.code}):\n${result.stdout}\n${result.stderr}`);
    const files = fs.readdirSync(store, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    return {
      results: JSON.parse(line.slice('PLATFORM_RESULTS '.length)) as Record<string, Record<string, unknown>>,
      requests: [...mock.requests],
      store: Buffer.concat(files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name)))),
    };
  } finally {
    await mock.close();
    fs.rmSync(store, { recursive: true, force: true });
  }
}

describe('Bedrock and Vertex clients', () => {
  it('one LLM span per call, named for the platform, priced, the caller none the wiser', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const [bareRun, instrumentedRun] = await Promise.all([run(false), run(true, receiver.url)]);
      const [bare, instrumented] = [bareRun.results, instrumentedRun.results];
      const names = Object.keys(PLATFORMS).flatMap((p) => CALLS.map((c) => `${p} ${c}`));
      expect(Object.keys(instrumented).sort()).toEqual([...names].sort());
      // Ids come from two mocks fed the same requests in the same order.
      expect(instrumented).toEqual(bare);
      const spans = await receiver.waitFor((all) => all.filter((s) => s.name.startsWith('session ')).length >= names.length);
      for (const [platform, expected] of Object.entries(PLATFORMS)) {
        for (const call of CALLS) {
          const name = `${platform} ${call}`;
          expect(instrumented[name]?.error).toBeUndefined();
          const session = spans.find((s) => s.name === `session ${name}`)!;
          const trace = spans.filter((s) => s.traceId === session.traceId);
          const llm = trace.filter((s: OtlpSpan) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === 'llm');
          expect({ name, llm: llm.length, native: trace.filter((s) => s.name.startsWith('anthropic.')).length }).toEqual({
            name,
            llm: 1,
            native: 0,
          });
          const a = llm[0]!.attributes;
          expect({
            name,
            provider: a[ATTR_GEN_AI_PROVIDER_NAME],
            host: a[ATTR_SERVER_ADDRESS],
            port: a[ATTR_SERVER_PORT],
            model: a[ATTR_GEN_AI_REQUEST_MODEL],
          }).toEqual({
            name,
            provider: expected.provider,
            host: expected.host,
            port: 443,
            model: expected.model,
          });
          expect(a[ATTR_AGENTSIGHT_COST_USD]).toBeGreaterThan(0);
          expect(typeof a[ATTR_GEN_AI_RESPONSE_ID]).toBe('string');
        }
      }
      expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('SECRET');

      // The requests were signed with the credentials; no exported byte holds them or the signatures.
      const sent = secretsSent(CREDENTIALS.PLATFORM_VERTEX_TOKEN, instrumentedRun.requests);
      expect(
        instrumentedRun.requests.some((r) => r.headers.authorization?.includes(`Credential=${CREDENTIALS.PLATFORM_AWS_ACCESS_KEY}/`)),
      ).toBe(true);
      const secrets = [...Object.values(CREDENTIALS), ...sent];
      const otlp = Buffer.concat(receiver.requests.map((r) => Buffer.from(r.body)));
      expect(instrumentedRun.store.length).toBeGreaterThan(0);
      expect({ otlp: secretsIn(otlp, secrets), store: secretsIn(instrumentedRun.store, secrets) }).toEqual({ otlp: [], store: [] });
      for (const bytes of [otlp, instrumentedRun.store]) expect(bytes.toString('latin1')).not.toContain('SECRET');
    } finally {
      await receiver.close();
    }
  });
});
