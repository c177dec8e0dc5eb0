/**
 * What the MCP provider hooks: the `Protocol` class that the client and the server share, in the v1
 * SDK (`@modelcontextprotocol/sdk` 1.x: `dist/cjs` and `dist/esm`, both `.js`) and in each of the v2
 * split packages (`@modelcontextprotocol/client` and `@modelcontextprotocol/server` 2.x bundle a
 * copy each, exported by their entry file: `dist/index.cjs` and `dist/index.mjs`).
 *
 * On `Protocol` two methods carry every request whatever the method or the role: the one that sends
 * a request and waits for its response (client side; also a server asking the client), and the one
 * that dispatches a received request to its handler (server side). Data only: no SDK is loaded here.
 */
import type { PatchTarget, ProviderSpec } from '../base/base-instrumentation';

const V1 = ['>=1.0.0 <2'];
const V2 = ['>=2.0.0 <3'];

/** Sends a request and settles with its result: v1 `request`, v2 the funnel every send goes through. */
export const SEND_METHODS = { v1: 'request', v2: '_requestWithSchemaViaCodec' } as const;
/** Dispatches a received request to its handler (both majors). */
export const DISPATCH_METHOD = '_onrequest';

export const MCP_TARGETS = {
  /** v1, the CommonJS build. */
  sdkCjs: {
    moduleName: '@modelcontextprotocol/sdk',
    file: 'dist/cjs/shared/protocol',
    exportName: 'Protocol',
    methods: [SEND_METHODS.v1, DISPATCH_METHOD],
    versions: V1,
  },
  /** v1, the ESM build (`.js` files in a `"type": "module"` folder). */
  sdkEsm: {
    moduleName: '@modelcontextprotocol/sdk',
    file: 'dist/esm/shared/protocol',
    exportName: 'Protocol',
    methods: [SEND_METHODS.v1, DISPATCH_METHOD],
    versions: V1,
    esmExtensions: ['.js'],
  },
  /** v2 client: `Protocol` is exported by the package's entry file (hooked as the package itself). */
  client: {
    moduleName: '@modelcontextprotocol/client',
    file: 'dist/index',
    exportName: 'Protocol',
    methods: [SEND_METHODS.v2, DISPATCH_METHOD],
    versions: V2,
  },
  /** v2 server, the same way. */
  server: {
    moduleName: '@modelcontextprotocol/server',
    file: 'dist/index',
    exportName: 'Protocol',
    methods: [SEND_METHODS.v2, DISPATCH_METHOD],
    versions: V2,
  },
} as const satisfies Record<string, PatchTarget>;

/** The v2 targets: their classes come with the package's entry file, not a file of their own. */
export const ENTRY_FILE_TARGETS: readonly PatchTarget[] = [MCP_TARGETS.client, MCP_TARGETS.server];

export const MCP_SPEC: ProviderSpec = {
  name: 'mcp',
  moduleName: '@modelcontextprotocol/sdk',
  supportedVersions: [...V1, ...V2],
  targets: Object.values(MCP_TARGETS),
};
