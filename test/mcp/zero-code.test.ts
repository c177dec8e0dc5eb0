/**
 * MCP under `agentsight/register`, beyond the scenario suite: the switches leave the SDK untouched
 * (and keep its files from the ESM hook), and a client and a stdio server that both run under
 * agentsight, each with its own process, write one session to the local store: the server's spans
 * are its part, in the caller's trace, and `agentsight show` prints them in the caller's tree.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ATTR_MCP_METHOD_NAME, ATTR_SESSION_ID } from '../../src/semconv';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { esmIncludePatterns } from '../../src/zero-code';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT, sdkApp, writeAppScript } from '../support/sdk-apps';
import { MAJORS, PACKAGES, type Major } from './scenario-table';

const ORIGINAL = "Symbol.for('agentsight.original')";

/** Where each major keeps `Protocol`, as an app reaches it. */
const PROTOCOL_MODULES: Record<Major, readonly string[]> = {
  '1': ['@modelcontextprotocol/sdk/shared/protocol.js'],
  '2': ['@modelcontextprotocol/client', '@modelcontextprotocol/server'],
};

describe('the switches', () => {
  const FILES = [
    '/app/node_modules/@modelcontextprotocol/sdk/dist/esm/shared/protocol.js',
    '/app/node_modules/@modelcontextprotocol/client/dist/index.mjs',
    '/app/node_modules/@modelcontextprotocol/server/dist/index.mjs',
  ];

  it("let the ESM hook see the files that define Protocol (v1's ESM build, v2's entry files), unless switched off", () => {
    const matches = (env: NodeJS.ProcessEnv, file: string): boolean => esmIncludePatterns(env).some((p) => p.test(file));
    for (const file of FILES) {
      expect(matches({}, file)).toBe(true);
      expect(matches({ AGENTSIGHT_INSTRUMENT_MCP: 'false' }, file)).toBe(false);
      expect(matches({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'mcp' }, file)).toBe(false);
      expect(matches({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'openai' }, file)).toBe(false);
    }
    expect(matches({}, '/app/node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js')).toBe(false);
  });

  it.each([
    ['AGENTSIGHT_INSTRUMENT_MCP=false', { AGENTSIGHT_INSTRUMENT_MCP: 'false' }],
    ['OTEL_NODE_DISABLED_INSTRUMENTATIONS=mcp', { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'mcp' }],
  ])('%s leaves Protocol as it is, for CommonJS and ESM, on both majors', async (_name, off) => {
    const runs: Array<Promise<string>> = [];
    for (const major of MAJORS) {
      const app = sdkApp(PACKAGES[major]);
      const modules = PROTOCOL_MODULES[major];
      const probe = (names: string[]) => `[${names.map((n) => `typeof ${n}.Protocol.prototype._onrequest[${ORIGINAL}]`).join(', ')}]`;
      const names = modules.map((_m, i) => `m${i}`);
      const cjs = writeAppScript(
        app,
        'probe-switch.cjs',
        `${modules.map((m, i) => `const m${i} = require('${m}');`).join('\n')}\nconsole.log(JSON.stringify(${probe(names)}));\n`,
      );
      const esm = writeAppScript(
        app,
        'probe-switch.mjs',
        `${modules.map((m, i) => `import * as m${i} from '${m}';`).join('\n')}\nconsole.log(JSON.stringify(${probe(names)}));\n`,
      );
      const env = (extra: NodeJS.ProcessEnv) => cleanEnv({ AGENTSIGHT_EXPORTERS: 'none', ...extra });
      const expect1 = (on: boolean) => JSON.stringify(modules.map(() => (on ? 'function' : 'undefined')));
      for (const [args, on] of [
        [['--require', 'agentsight/register', cjs], false],
        [['--import', 'agentsight/register', esm], false],
        [['--require', 'agentsight/register', cjs], true],
        [['--import', 'agentsight/register', esm], true],
      ] as const) {
        runs.push(
          runNode([...args], { cwd: app, env: env(on ? {} : off) }).then(
            (r) => `${major} ${args[0]} ${on ? 'on' : 'off'}: ${r.stdout.trim() === expect1(on) ? 'as expected' : r.stdout + r.stderr}`,
          ),
        );
      }
    }
    const seen = await Promise.all(runs);
    expect(seen.filter((line) => !line.endsWith('as expected'))).toEqual([]);
  });
});

/** A stdio server with one tool, and a client that calls it in a session: both ESM, both under agentsight. */
function twoProcessApp(major: Major): { app: string; client: string } {
  const app = sdkApp(PACKAGES[major]);
  const server =
    major === '1'
      ? `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';`
      : `import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';`;
  writeAppScript(
    app,
    `two-process-server-${major}.mjs`,
    `${server}
import { z } from 'zod';
const server = new McpServer({ name: 'weather', version: '1.0.0' });
server.registerTool('get_weather', { inputSchema: { city: z.string() } }, async ({ city }) => ({ content: [{ type: 'text', text: 'sunny in ' + city }] }));
await server.connect(new StdioServerTransport());
`,
  );
  const client =
    major === '1'
      ? `import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';`
      : `import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';`;
  const script = writeAppScript(
    app,
    `two-process-client-${major}.mjs`,
    `${client}
import { withSession } from 'agentsight';
await withSession({ name: 'two-processes' }, async () => {
  const client = new Client({ name: 'planner', version: '1.0.0' });
  const args = ['--import', 'agentsight/register', new URL('./two-process-server-${major}.mjs', import.meta.url).pathname];
  await client.connect(new StdioClientTransport({ command: process.execPath, args, env: { ...process.env, OTEL_SERVICE_NAME: 'weather-server' } }));
  const result = await client.callTool({ name: 'get_weather', arguments: { city: 'Paris' } });
  console.log(result.content[0].text);
  await client.close();
});
`,
  );
  return { app, client: script };
}

describe.each(MAJORS.map((m) => [m]))('a client and a stdio server, both under agentsight (MCP %s)', (major) => {
  it("write one session: the server's spans are its part, in the caller's trace and tree", async () => {
    const { app, client } = twoProcessApp(major);
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-mcp-two-'));
    try {
      const env = cleanEnv({ AGENTSIGHT_DIR: store, AGENTSIGHT_EXPORTERS: 'local', OTEL_SERVICE_NAME: 'planner' });
      const run = await runNode(['--import', 'agentsight/register', client], { cwd: app, env });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('sunny in Paris\n');
      const sessions = listSessionFiles(store).map(readSession);
      expect(sessions).toHaveLength(1);
      const [session] = sessions;
      expect(session!.start?.name).toBe('two-processes');
      expect(session!.parts.map((p) => p.start?.serviceName)).toEqual(['weather-server']);
      expect(new Set(session!.spans.map((s) => s.traceId))).toEqual(new Set([session!.id]));
      expect(new Set(session!.spans.map((s) => s.attributes[ATTR_SESSION_ID]))).toEqual(new Set([session!.id]));
      const serverSpans = session!.parts[0]!.spans.map((s) => `${s.kind} ${s.name}`).sort();
      expect(serverSpans).toEqual(['SERVER initialize', 'SERVER tools/call get_weather']);
      expect(session!.spans.filter((s) => s.attributes[ATTR_MCP_METHOD_NAME] !== undefined)).toHaveLength(4);

      const show = await runNode(
        [path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'), 'show', session!.id.slice(0, 12), '--dir', store],
        {
          cwd: REPO_ROOT,
          env: cleanEnv({ NO_COLOR: '1' }),
        },
      );
      expect(show.stderr).toBe('');
      expect(show.stdout).toMatch(/├─ \[client\] initialize .+\n│ {2}└─ \[server\] initialize .+⇢ weather-server pid \d+@/);
      expect(show.stdout).toMatch(
        // The app's console line (LogCapture) may follow it in the tree.
        /[├└]─ \[tool\] tools\/call get_weather .+\n(│ {2}| {3})└─ \[server\] tools\/call get_weather .+⇢ weather-server pid \d+@/,
      );
      expect(show.stdout).toContain('tool calls 1');
    } finally {
      fs.rmSync(store, { recursive: true, force: true });
    }
  });
});
