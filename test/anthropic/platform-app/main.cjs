'use strict';
/**
 * The Amazon Bedrock and Google Vertex AI clients (`@anthropic-ai/bedrock-sdk`,
 * `@anthropic-ai/vertex-sdk`), which subclass the Anthropic client and share its resources. They
 * keep their real base URLs (so spans name the real hosts); a `fetch` of the app's own sends each
 * request to the mock in Anthropic's shape instead. Run plain or under `--require
 * agentsight/register`; prints `PLATFORM_RESULTS <json>`. Both clients authenticate as real ones do:
 * Bedrock signs each request with the AWS keys of `PLATFORM_AWS_*` (SigV4, no network needed),
 * Vertex sends the bearer token of `PLATFORM_VERTEX_TOKEN`; none of it may reach the telemetry.
 */
const { AnthropicBedrock } = require('@anthropic-ai/bedrock-sdk');
const { AnthropicVertex } = require('@anthropic-ai/vertex-sdk');

const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? require('agentsight') : undefined;
const withSession = agentsight ? agentsight.withSession : (_options, fn) => fn();
const mockUrl = process.env.MOCK_URL;

/** Bedrock `/model/{id}/invoke[-with-response-stream]` and Vertex `/models/{id}:[stream]rawPredict` as Anthropic's `/v1/messages`. */
function toMock(url, init) {
  const { pathname } = new URL(String(url));
  const body = JSON.parse(init.body);
  const bedrock = /\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/.exec(pathname);
  const vertex = /\/models\/([^/:]+):(rawPredict|streamRawPredict)$/.exec(pathname);
  const match = bedrock || vertex;
  if (!match) throw new Error(`unexpected platform path ${pathname}`);
  body.model = decodeURIComponent(match[1]);
  if (match[2] === 'invoke-with-response-stream' || match[2] === 'streamRawPredict') body.stream = true;
  delete body.anthropic_version;
  const headers = new Headers(init.headers);
  headers.delete('content-length');
  return fetch(`${mockUrl}/v1/messages`, { ...init, headers, body: JSON.stringify(body) });
}

const clients = {
  bedrock: {
    client: new AnthropicBedrock({
      awsRegion: 'us-east-1',
      awsAccessKey: process.env.PLATFORM_AWS_ACCESS_KEY,
      awsSecretKey: process.env.PLATFORM_AWS_SECRET_KEY,
      awsSessionToken: process.env.PLATFORM_AWS_SESSION_TOKEN,
      fetch: toMock,
    }),
    model: 'anthropic.claude-haiku-4-5-20251001-v1:0',
  },
  vertex: {
    client: new AnthropicVertex({
      region: 'us-east5',
      projectId: 'agentsight-test',
      authClient: {
        projectId: 'agentsight-test',
        getRequestHeaders: async () => new Headers({ authorization: `Bearer ${process.env.PLATFORM_VERTEX_TOKEN}` }),
      },
      fetch: toMock,
    }),
    model: 'claude-haiku-4-5@20251001',
  },
};

const CALLS = {
  'messages.create': async (c, body) => ({ data: await c.messages.create(body) }),
  'messages.create stream': async (c, body) => {
    const items = [];
    for await (const event of await c.messages.create({ ...body, stream: true })) items.push(event);
    return { items };
  },
  'messages.stream()': async (c, body) => ({ final: await c.messages.stream(body).finalMessage() }),
  'beta.messages.create': async (c, body) => ({ data: await c.beta.messages.create(body) }),
};

async function main() {
  const results = {};
  for (const [platform, { client, model }] of Object.entries(clients)) {
    for (const [call, run] of Object.entries(CALLS)) {
      const name = `${platform} ${call}`;
      const body = { model, max_tokens: 32, system: 'You are brief.', messages: [{ role: 'user', content: 'Say hello' }] };
      try {
        results[name] = await withSession({ name }, () => run(client, body));
      } catch (error) {
        results[name] = { error: { class: error.constructor.name, message: error.message } };
      }
    }
  }
  process.stdout.write(`PLATFORM_RESULTS ${JSON.stringify(results)}\n`);
}

main();
