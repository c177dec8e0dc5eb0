/**
 * The ESM entry of `agentsight`. The code is the CommonJS build, loaded once: an app (or a library)
 * that both imports and requires agentsight gets one client, one set of sessions, one
 * instrumentation, never two copies that disagree.
 */
export * from '../src/index.js';
