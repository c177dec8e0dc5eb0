/**
 * The MCP provider: hooks the `Protocol` class of `@modelcontextprotocol/sdk` 1.x and of the 2.x
 * `@modelcontextprotocol/client` and `@modelcontextprotocol/server` packages (both builds each) and
 * wraps its send method (`client-requests.ts`: a CLIENT span per request sent, its context in
 * `params._meta`) and its dispatch method (`server-requests.ts`: a SERVER span per request
 * handled, in the caller's trace and session). Client and server share `Protocol`, so one pair of
 * wraps covers both roles, every method and every transport.
 *
 * The v1 SDK defines `Protocol` in a file of its own, hooked in both builds like the other
 * providers' classes (its package's `.` export names a file it does not ship, which the CommonJS
 * hook, keyed by the path of each file loaded, does not mind). The v2 packages bundle `Protocol` and export it from their entry
 * file, which the hooks see as the package itself, so those are patched when the package loads.
 */
import { isObject, type Json } from '../../src/json-values';
import { BaseInstrumentation, type ModuleDefinition, type PatchTarget, type ProviderSpec } from '../base/base-instrumentation';
import { DISPATCH_METHOD, ENTRY_FILE_TARGETS, MCP_SPEC, MCP_TARGETS, SEND_METHODS } from './spec';

type Method = (...args: unknown[]) => unknown;
type Tracing = typeof import('./client-requests') & typeof import('./server-requests');

/** The tracing code, loaded when the first MCP package is (an app without MCP never loads it). */
let tracing: Tracing | undefined;
function tracingCode(): Tracing {
  tracing ??= {
    ...(require('./client-requests') as typeof import('./client-requests')),
    ...(require('./server-requests') as typeof import('./server-requests')),
  };
  return tracing;
}

/** The first object of `start`'s prototype chain (itself included) that defines the dispatch method: `Protocol.prototype`. */
function protocolPrototypeFrom(start: unknown): Json | undefined {
  for (let proto = start; isObject(proto); proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, DISPATCH_METHOD) && typeof proto[DISPATCH_METHOD] === 'function') return proto;
  }
  return undefined;
}

function prototypeOf(value: unknown): unknown {
  return typeof value === 'function' ? (value as { prototype?: unknown }).prototype : undefined;
}

/** The `Protocol` prototypes a manual path value leads to: a module, a class, an instance, an `McpServer`. */
function protocolPrototypes(value: unknown): Json[] {
  // A class: its prototype. An object: itself (an instance), its `server` (an McpServer's), and the
  // classes it exports (a module).
  const starts: unknown[] = isObject(value)
    ? [value, value.server, ...['Protocol', 'Client', 'Server'].map((name) => prototypeOf(value[name]))]
    : [prototypeOf(value)];
  const found = new Set<Json>();
  for (const start of starts) {
    const proto = protocolPrototypeFrom(start);
    if (proto) found.add(proto);
  }
  return [...found];
}

/**
 * Instruments MCP (`@modelcontextprotocol/sdk` 1.x, `@modelcontextprotocol/client` and
 * `@modelcontextprotocol/server` 2.x): clients and servers, every request method, any transport.
 * Made and enabled by the InstrumentationManager (`AGENTSIGHT_INSTRUMENT_MCP`); `instrumentMCP()`
 * is its manual path.
 */
export class McpInstrumentation extends BaseInstrumentation {
  private readonly enabled = (): boolean => this.isEnabled();

  constructor() {
    super('mcp');
  }

  spec(): ProviderSpec {
    return MCP_SPEC;
  }

  protected override init(): ModuleDefinition[] {
    const entryPackages = new Set(ENTRY_FILE_TARGETS.map((target) => target.moduleName));
    const definitions = super.init().filter((definition) => !entryPackages.has(definition.name));
    for (const target of ENTRY_FILE_TARGETS) {
      definitions.push({
        name: target.moduleName ?? MCP_SPEC.moduleName,
        supportedVersions: [...target.versions],
        files: [],
        patch: (exports: unknown) => {
          this.patchTarget(exports, target);
          return exports;
        },
        unpatch: (exports: unknown) => this.unpatchTarget(exports, target),
      });
    }
    return definitions;
  }

  protected wrapMethod(original: Method, _target: PatchTarget, method: string): Method {
    const code = tracingCode();
    if (method === DISPATCH_METHOD) return code.tracedDispatch(original, this.enabled) as Method;
    return code.tracedSend(original, method === SEND_METHODS.v2 ? 1 : 0) as Method;
  }

  /**
   * The manual path: the module (`@modelcontextprotocol/client`, `.../sdk/client/index.js`, ...), the
   * `Client` or `Server` class, a client, a server, or an `McpServer`. Every object sharing that
   * `Protocol` class (client and server alike) is then traced. Returns how many methods are wrapped.
   */
  instrumentManually(moduleOrClient: unknown): number {
    let count = 0;
    for (const proto of protocolPrototypes(moduleOrClient)) {
      const target = typeof proto[SEND_METHODS.v2] === 'function' ? MCP_TARGETS.client : MCP_TARGETS.sdkCjs;
      count += this.instrumentPrototype(proto, target);
    }
    return count;
  }
}
