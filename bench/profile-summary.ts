/**
 * Reads a V8 CPU profile (`node --cpu-prof`, a `.cpuprofile` file) and says where the time went:
 * self time per function and per package (agentsight, @opentelemetry, openai, node internals...),
 * and for each package the time during which one of its functions was on the stack (what it
 * costs including what it calls). Pure: the caller reads the file and prints the result.
 *
 * Loaded by `bench/run.mjs` through Node's type stripping: no imports, erasable TypeScript only.
 */

/** The parts of the `.cpuprofile` format this reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** The package a script belongs to, named for the table; `(gc)`, `(idle)` and `(program)` stand apart. */
export function packageOf(url: string, functionName = ''): string {
  if (!url) {
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program)';
    return 'node internals';
  }
  if (url.startsWith('node:') || !/^(file:|\/)/.test(url)) return 'node internals';
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const at = path.lastIndexOf('/node_modules/');
  if (at === -1) return path.includes('/bench/') ? 'bench' : 'app';
  const [first, second] = path.slice(at + '/node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : (first ?? 'app');
}

/**
 * Where in Node a `node internals` frame is: the module area of `node:internal/...` scripts
 * (`undici` for fetch, `async_hooks`, `modules`, `streams`...), or `native` for frames with no
 * script (V8 builtins and C++ bindings such as `writev`).
 */
export function nodeAreaOf(url: string): string {
  if (!url) return 'native';
  const m = /^node:(?:internal\/(?:deps\/)?)?([^/]+)/.exec(url);
  return m ? m[1]!.replace(/^async_local_storage$/, 'async_hooks') : 'other';
}

/** The group a package is totalled under: every `@opentelemetry/*` package counts as one. */
export function groupOf(pkg: string): string {
  return pkg.startsWith('@opentelemetry/') ? '@opentelemetry' : pkg;
}

export interface FunctionTime {
  name: string;
  location: string;
  package: string;
  selfMs: number;
}

export interface GroupTime {
  group: string;
  selfMs: number;
  /** Time with at least one of the group's functions on the stack (self time of what it calls included). */
  onStackMs: number;
}

export interface ProfileSummary {
  /** Everything sampled, and the part of it the thread was idle (waiting for I/O: the mock's answers). */
  totalMs: number;
  idleMs: number;
  /** Busy time by group, largest first (idle left out). */
  groups: GroupTime[];
  /** The self time of `node internals` by area ({@link nodeAreaOf}), largest first. */
  nodeAreas: Array<{ area: string; selfMs: number }>;
  functions: FunctionTime[];
}

/**
 * Self time is attributed per sample: sample i lasts until sample i+1 (`timeDeltas[i+1]`); the
 * last one lasts the mean interval.
 */
export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const meanUs = samples.length ? (profile.endTime - profile.startTime) / samples.length : 0;

  const selfUs = new Map<number, number>();
  const groupSelf = new Map<string, number>();
  const groupStack = new Map<string, number>();
  const nodeAreas = new Map<string, number>();
  const stackGroups = new Map<number, Set<string>>();
  const groupsOnStack = (id: number): Set<string> => {
    let groups = stackGroups.get(id);
    if (!groups) {
      groups = new Set();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        // The root is on every stack and says nothing.
        if (frame && frame.functionName !== '(root)') groups.add(groupOf(packageOf(frame.url, frame.functionName)));
      }
      stackGroups.set(id, groups);
    }
    return groups;
  };
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    const us = Math.max(0, deltas[i + 1] ?? meanUs);
    totalUs += us;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
    const frame = byId.get(id)?.callFrame;
    const group = groupOf(packageOf(frame?.url ?? '', frame?.functionName));
    groupSelf.set(group, (groupSelf.get(group) ?? 0) + us);
    if (group === 'node internals') {
      const area = nodeAreaOf(frame?.url ?? '');
      nodeAreas.set(area, (nodeAreas.get(area) ?? 0) + us);
    }
    for (const g of groupsOnStack(id)) groupStack.set(g, (groupStack.get(g) ?? 0) + us);
  }

  // One row per function (a function reached by several paths has several nodes).
  const functions = new Map<string, FunctionTime>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const pkg = packageOf(frame.url, frame.functionName);
    const location = frame.url ? `${shortPath(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}@${location}`;
    const row = functions.get(key) ?? { name: frame.functionName || '(anonymous)', location, package: pkg, selfMs: 0 };
    row.selfMs += us / 1000;
    functions.set(key, row);
  }
  const groups = [...groupSelf.entries()]
    .filter(([group]) => group !== '(idle)')
    .map(([group, us]) => ({ group, selfMs: us / 1000, onStackMs: (groupStack.get(group) ?? us) / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return {
    totalMs: totalUs / 1000,
    idleMs: (groupSelf.get('(idle)') ?? 0) / 1000,
    groups,
    nodeAreas: [...nodeAreas.entries()].map(([area, us]) => ({ area, selfMs: us / 1000 })).sort((a, b) => b.selfMs - a.selfMs),
    functions: [...functions.values()]
      .filter((f) => f.package !== '(idle)')
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
  };
}

/** A script's path from its package on (`openai/core/streaming.js`), or its last two segments. */
function shortPath(url: string): string {
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const at = path.lastIndexOf('/node_modules/');
  if (at !== -1) return path.slice(at + '/node_modules/'.length);
  return path.split('/').slice(-2).join('/');
}
