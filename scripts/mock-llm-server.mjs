#!/usr/bin/env node
/**
 * Runs test/support/mock-llm-server.ts as a standalone process (for the demo and benchmarks):
 *
 *   bash scripts/supported-node.sh node scripts/mock-llm-server.mjs [port]
 *
 * The port comes from argv[2], else MOCK_LLM_PORT, else 0 (a free port). When listening it
 * prints exactly one JSON line on stdout, `{"url":"http://127.0.0.1:PORT","openaiBaseURL":...,
 * "anthropicBaseURL":...}`, and it stops on SIGINT/SIGTERM. Scenarios: the `x-mock-scenario`
 * request header, or `POST /__mock/enqueue` (see the TSDoc of mock-llm-server.ts).
 *
 * Why not `node test/support/mock-llm-server.ts` directly: this package is `"type": "commonjs"`,
 * so Node's type stripping would load the .ts file as CommonJS and reject its `import`s, and
 * tsconfig (no `allowImportingTsExtensions`) rejects a TypeScript runner importing `./x.ts`. So
 * this loader strips the types itself (node:module stripTypeScriptTypes, Node >= 22.13) and
 * imports the result as an ES module; that works because the file imports only `node:` modules.
 *
 * Other scripts can reuse the loader: `const { startMockLlmServer } = await importTypeScript(path)`.
 */
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { pathToFileURL } from 'node:url';

const MOCK_SERVER_TS = new URL('../test/support/mock-llm-server.ts', import.meta.url);

/** Imports a TypeScript file whose only imports are `node:` modules, as an ES module. */
export async function importTypeScript(fileUrl) {
  const source = readFileSync(fileUrl, 'utf8');
  const withoutWarning = process.emitWarning;
  // stripTypeScriptTypes is flagged experimental; its warning would only be noise on stderr.
  process.emitWarning = () => {};
  let javascript;
  try {
    javascript = stripTypeScriptTypes(source, { sourceUrl: String(fileUrl) });
  } finally {
    process.emitWarning = withoutWarning;
  }
  return import(`data:text/javascript;base64,${Buffer.from(javascript).toString('base64')}`);
}

/** Loads the mock LLM server module (`startMockLlmServer`, `scenarioHeader`, ...). */
export function loadMockLlmServer() {
  return importTypeScript(MOCK_SERVER_TS);
}

async function main() {
  const port = Number(process.argv[2] ?? process.env.MOCK_LLM_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0) throw new Error(`invalid port: ${process.argv[2] ?? process.env.MOCK_LLM_PORT}`);
  const { startMockLlmServer } = await loadMockLlmServer();
  const server = await startMockLlmServer({ port });
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(
    `${JSON.stringify({ url: server.url, openaiBaseURL: server.openaiBaseURL, anthropicBaseURL: server.anthropicBaseURL })}\n`,
  );
}

// Start only when run as the entry point, not when imported for importTypeScript().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`mock-llm-server: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
