/**
 * The package as a user meets it: `npm pack`, the tarball installed into fresh app folders next to
 * the real `openai` and `@anthropic-ai/sdk` in both orders, one `@opentelemetry/api` in the tree,
 * then an ESM app under `--import agentsight/register` and a CommonJS app under
 * `--require agentsight/register`, checked at an OTLP receiver and with `agentsight sessions`.
 * The types of both entry points are checked for both module systems with TypeScript.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT, sdkVersion } from '../support/sdk-apps';
import {
  ATTR_AGENTSIGHT_SESSION_END_STATE,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_SESSION_ID,
  SESSION_END_STATE,
  SPAN_KIND,
} from '../../src/semconv';

const OPENAI = `openai@${sdkVersion('openai-7')}`;
const ANTHROPIC = `@anthropic-ai/sdk@${sdkVersion('anthropic-1')}`;
const npmCli = (): string => {
  // The npm that runs this test's Node (CI puts the chosen Node first on PATH).
  return 'npm';
};

function npm(args: string[], cwd: string): string {
  return execFileSync(npmCli(), [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function freshApp(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `agentsight-${name}-`));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }, null, 2));
  return dir;
}

/** Every version of a package anywhere in the app's tree (`npm ls --all`). */
function versionsInTree(dir: string, pkg: string): string[] {
  const out = execFileSync(npmCli(), ['ls', pkg, '--all', '--json'], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
  const versions = new Set<string>();
  const walk = (deps: Record<string, { version?: string; dependencies?: Record<string, unknown> }> | undefined): void => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      if (name === pkg && node.version) versions.add(node.version);
      walk(node.dependencies as typeof deps);
    }
  };
  walk((JSON.parse(out) as { dependencies?: Record<string, { version?: string }> }).dependencies);
  return [...versions];
}

const APP_BODY = (importLines: string) => `${importLines}
const openai = new OpenAI({ apiKey: 'sk-test-secret-openai', baseURL: process.env.MOCK_OPENAI });
const anthropic = new Anthropic({ apiKey: 'sk-ant-test-secret', baseURL: process.env.MOCK_ANTHROPIC });
const chat = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }] });
const msg = await anthropic.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 50, messages: [{ role: 'user', content: 'hello there' }] });
console.log(JSON.stringify({ chat: chat.choices[0].message.content, msg: msg.content[0].text }));
`;

describe('the packed package in fresh apps', () => {
  let tarball: string;
  let mock: MockLlmServer;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-pack-'));
    const out = execFileSync(npmCli(), ['pack', '--json', '--pack-destination', packDir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: cleanEnv(),
    });
    tarball = path.join(packDir, (JSON.parse(out) as Array<{ filename: string }>)[0]!.filename);
    mock = await startMockLlmServer();
    receiver = await startOtlpReceiver();
  }, 120_000);

  afterAll(async () => {
    await mock?.close();
    await receiver?.close();
  });

  it('ships only what it needs: built code, types for both module systems, docs', () => {
    const out = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    const files = out
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    for (const f of [
      'package.json',
      'README.md',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/esm/index.mjs',
      'dist/esm/index.d.mts',
      'dist/register.js',
      'dist/esm/register.mjs',
      'dist/src/cli/main.js',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|instrumentations|toolchain|\.tmp)\//.test(f))).toEqual([]);
  });

  it.each([
    ['agentsight first, then the SDKs', 'esm', true],
    ['the SDKs first, then agentsight', 'cjs', false],
  ])(
    '%s: one @opentelemetry/api, and an app (%s) is traced with no code change',
    async (_label, kind, agentsightFirst) => {
      const app = freshApp(`app-${kind}`);
      if (agentsightFirst) {
        npm(['install', tarball], app);
        npm(['install', OPENAI, ANTHROPIC], app);
      } else {
        npm(['install', OPENAI, ANTHROPIC], app);
        npm(['install', tarball], app);
      }
      expect(versionsInTree(app, '@opentelemetry/api')).toHaveLength(1);

      const file = kind === 'esm' ? 'app.mjs' : 'app.cjs';
      const source =
        kind === 'esm'
          ? APP_BODY(`import OpenAI from 'openai';\nimport Anthropic from '@anthropic-ai/sdk';`)
          : `const OpenAI = require('openai');\nconst Anthropic = require('@anthropic-ai/sdk');\n(async () => {\n${APP_BODY('')}\n})();`;
      fs.writeFileSync(path.join(app, file), source);
      receiver.reset();
      const result = await runNode([kind === 'esm' ? '--import' : '--require', 'agentsight/register', file], {
        cwd: app,
        env: cleanEnv({
          MOCK_OPENAI: mock.openaiBaseURL,
          MOCK_ANTHROPIC: mock.anthropicBaseURL,
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_SERVICE_NAME: `packed-${kind}`,
        }),
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ chat: expect.any(String), msg: expect.any(String) });

      const spans = await receiver.waitFor((s) => s.some((x) => x.name === `session ${file}`));
      const root = spans.find((s) => s.name === `session ${file}`)!;
      expect(root.parentSpanId).toBeUndefined();
      expect(root.attributes[ATTR_AGENTSIGHT_SESSION_END_STATE]).toBe(SESSION_END_STATE.SUCCESS);
      expect(root.resource['service.name']).toBe(`packed-${kind}`);
      const llm = spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
      expect(llm.map((s) => s.attributes[ATTR_GEN_AI_PROVIDER_NAME]).sort()).toEqual(['anthropic', 'openai']);
      for (const span of llm) {
        expect(span.traceId).toBe(root.traceId);
        expect(span.attributes[ATTR_SESSION_ID]).toBe(root.traceId);
      }
      // No secret reaches the backend.
      expect(JSON.stringify(spans, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toMatch(
        /sk-test-secret|sk-ant-test-secret/,
      );

      // The same session in the local store, through the installed CLI.
      const cli = await runNode([path.join(app, 'node_modules', 'agentsight', 'dist', 'src', 'cli', 'main.js'), 'sessions', '--json'], {
        cwd: app,
      });
      expect(cli.code).toBe(0);
      const listed = JSON.parse(cli.stdout) as { sessions: Array<{ id: string; name: string; state: string; llmCalls: number }> };
      expect(listed.sessions).toEqual([expect.objectContaining({ id: root.traceId, name: file, state: 'success', llmCalls: 2 })]);
    },
    180_000,
  );

  it('resolves its types for ESM and CommonJS consumers', () => {
    const app = freshApp('types');
    npm(['install', tarball], app);
    fs.writeFileSync(
      path.join(app, 'check.mts'),
      `import { init, withAgent, ConfigError, type AgentsightOptions, type SessionHandle } from 'agentsight';\n` +
        `import 'agentsight/register';\n` +
        `const options: AgentsightOptions = { captureContent: false };\ninit(options);\n` +
        `const n: number = withAgent('a', () => 1);\nconst e: ConfigError | undefined = undefined;\nlet s: SessionHandle | undefined;\nvoid n; void e; void s;\n`,
    );
    fs.writeFileSync(
      path.join(app, 'check.cts'),
      `import agentsight = require('agentsight');\nimport register = require('agentsight/register');\nvoid register;\n` +
        `const p: Promise<void> = agentsight.shutdown();\nconst t: string = agentsight.withTool('t', () => 'x');\nvoid p; void t;\n`,
    );
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          noEmit: true,
          types: [],
          lib: ['ES2023'],
          skipLibCheck: false,
        },
        files: ['check.mts', 'check.cts'],
      }),
    );
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', app], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  }, 120_000);
});
