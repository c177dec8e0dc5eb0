/**
 * `agentsight default` on Node 22 with `--experimental-async-context-frame`: AsyncLocalStorage
 * carried by AsyncContextFrame, as Node 24 and later do by default, instead of the promise hooks
 * that Node 22 turns on for the whole process the first time a context is entered. Shows what of
 * the Node 22 cost is the promise hooks that any context propagation pays (Node 26 rejects the
 * flag: it has no other way).
 */
import defaults from './agentsight-default.mjs';

export default {
  ...defaults,
  name: 'agentsight default, --experimental-async-context-frame',
  nodes: [22],
  nodeArgs: ['--experimental-async-context-frame', ...defaults.nodeArgs],
  startup: undefined,
  memory: false,
};
