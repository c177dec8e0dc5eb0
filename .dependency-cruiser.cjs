/**
 * The layer rules of agentsight (docs/architecture.md), checked by `npm run lint`.
 * Each rule names the layer it protects and why.
 */
const PROVIDERS = '^instrumentations/(?!base/|registry)[^/]+/';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A runtime cycle makes load order matter and hides which module owns a concern.',
      from: { path: '^(src|instrumentations)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'providers-map-only',
      severity: 'error',
      comment: 'Providers map SDK shapes onto the recorder; telemetry and exporters are not theirs to touch.',
      from: { path: PROVIDERS },
      to: { path: '^src/telemetry/' },
    },
    {
      name: 'providers-stay-in-their-folder',
      severity: 'error',
      comment: 'A provider imports the base and src, never another provider.',
      from: { path: '^instrumentations/([^/]+)/', pathNot: '^instrumentations/(base|registry)' },
      to: { path: '^instrumentations/', pathNot: ['^instrumentations/$1/', '^instrumentations/base/'] },
    },
    {
      name: 'base-is-provider-neutral',
      severity: 'error',
      comment: 'The recorder and the shared wrappers import no provider folder.',
      from: { path: '^instrumentations/base/' },
      to: { path: PROVIDERS },
    },
    {
      name: 'cost-and-store-below-sessions',
      severity: 'error',
      comment: 'Pricing and the store format are below sessions and instrumentations.',
      from: { path: '^src/(cost|store)/' },
      to: { path: ['^src/session/', '^instrumentations/'] },
    },
    {
      name: 'accounting-is-a-leaf',
      severity: 'error',
      comment:
        'Usage, money, roll-ups and their span-attribute codec are shared by the recorder, sessions, pricing, the store and the CLI: ' +
        'they depend on none of them.',
      from: { path: '^src/accounting/' },
      to: { path: ['^src/(store|session|cost|telemetry)/', '^instrumentations/'] },
    },
    {
      name: 'cost-and-sessions-above-no-store',
      severity: 'error',
      comment: 'Pricing and sessions take usage and money from accounting; the store is a format they never need.',
      from: { path: '^src/(cost|session)/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'log-capture-hands-records-on',
      comment:
        'LogCapture patches the console and hands records to a sink; where they go (store, OTLP, the keep-failed buffer) is telemetry, ' +
        'which it never imports (diag imports its capture guard, so it must stay light).',
      from: { path: '^src/logs/' },
      to: { path: ['^src/telemetry/', '^src/store/', '^instrumentations/'] },
    },
    {
      name: 'cli-reads-the-store-only',
      severity: 'error',
      comment: 'The CLI reads the local store; it loads no instrumentation (and no OpenTelemetry).',
      from: { path: '^src/cli/' },
      to: { path: ['^instrumentations/', '^src/telemetry/', '^src/session/', '^node_modules/@opentelemetry/'] },
    },
    {
      name: 'ui-server-loads-only-for-its-command',
      severity: 'error',
      comment:
        "The viewer's server (src/ui/) loads only when `agentsight ui` runs (lazily, from src/cli/run.ts): nothing else may import it. " +
        "The page (ui/) takes only the API's types from it.",
      from: { path: '^(src|instrumentations|esm|register\\.ts)', pathNot: '^src/(cli|ui)/' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'ui-server-reads-the-store-only',
      severity: 'error',
      comment: "Like the CLI, the viewer's server reads the local store; it loads no instrumentation, no telemetry and no OpenTelemetry.",
      from: { path: '^src/ui/' },
      to: { path: ['^instrumentations/', '^src/telemetry/', '^src/session/', '^node_modules/@opentelemetry/'] },
    },
    {
      name: 'ui-page-is-browser-code',
      severity: 'error',
      comment:
        "The page (ui/, bundled for the browser) imports Preact, the API's types and the CLI's value formatting: nothing that needs Node.",
      from: { path: '^ui/' },
      to: { path: '^(src|instrumentations|esm|register\\.ts)', pathNot: ['^src/ui/api-types\\.ts$', '^src/cli/values\\.ts$'] },
    },
    {
      name: 'ui-page-is-browser-code-no-node',
      severity: 'error',
      comment: 'The page runs in the browser: no node: module.',
      from: { path: '^ui/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|toolchain|test|bench|examples)/' },
  },
};
