/**
 * A session's spans as a tree: children under their parent, ordered by start time. A span whose
 * parent is not in the store (still open in a running session, or never written by a process
 * that died) hangs under a placeholder for that parent, at the top, so nothing is dropped.
 */
import type { SpanRecord } from '../store/format';

export interface SpanNode {
  /** The span; `undefined` for a placeholder of a parent that is not in the store. */
  span: SpanRecord | undefined;
  spanId: string;
  children: SpanNode[];
}

export function buildSpanTree(spans: readonly SpanRecord[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) nodes.set(span.spanId, { span, spanId: span.spanId, children: [] });
  const placeholders = new Map<string, SpanNode>();
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.span?.parentSpanId;
    if (parentId === undefined || parentId === node.spanId) {
      roots.push(node);
      continue;
    }
    let parent = nodes.get(parentId) ?? placeholders.get(parentId);
    if (!parent) {
      parent = { span: undefined, spanId: parentId, children: [] };
      placeholders.set(parentId, parent);
      roots.push(parent);
    }
    parent.children.push(node);
  }
  // Spans whose parents form a loop (a damaged file) are reachable from no root: list them at the top.
  const reached = new Set<SpanNode>();
  const visit = (node: SpanNode): void => {
    if (reached.has(node)) return;
    reached.add(node);
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  for (const node of nodes.values()) {
    if (!reached.has(node)) {
      for (const n of nodes.values()) n.children = n.children.filter((c) => c !== node);
      roots.push(node);
      visit(node);
    }
  }
  sortTree(roots, new Set());
  return roots;
}

/** The earliest start in a subtree (a placeholder sorts by its first child). */
function startOf(node: SpanNode, seen = new Set<SpanNode>()): number {
  if (node.span) return node.span.startMs;
  if (seen.has(node)) return Infinity;
  seen.add(node);
  return Math.min(Infinity, ...node.children.map((c) => startOf(c, seen)));
}

function sortTree(nodes: SpanNode[], seen: Set<SpanNode>): void {
  // Stable sort: spans that start together keep the order they were written in.
  nodes.sort((a, b) => startOf(a) - startOf(b));
  for (const node of nodes) {
    if (seen.has(node)) continue;
    seen.add(node);
    sortTree(node.children, seen);
  }
}

/** Every span in the subtree, the node's own included, depth first. */
export function* walk(node: SpanNode, seen = new Set<SpanNode>()): Generator<SpanNode> {
  if (seen.has(node)) return;
  seen.add(node);
  yield node;
  for (const child of node.children) yield* walk(child, seen);
}
