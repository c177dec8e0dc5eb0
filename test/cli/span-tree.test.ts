import { buildSpanTree, type SpanNode } from '../../src/cli/span-tree';
import type { SpanRecord } from '../../src/store/format';

function span(spanId: string, parentSpanId: string | undefined, startMs: number): SpanRecord {
  return {
    t: 'span',
    v: 1,
    sessionId: 's',
    traceId: 's',
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: spanId,
    kind: 'INTERNAL',
    startMs,
    endMs: startMs + 1,
    status: { code: 'UNSET' },
    attributes: {},
    events: [],
  };
}

const names = (nodes: SpanNode[]): unknown[] =>
  nodes.map((n) => {
    const name = n.span ? n.spanId : `missing:${n.spanId}`;
    return n.children.length > 0 ? { [name]: names(n.children) } : name;
  });

describe('the span tree', () => {
  it('puts children under their parents in start order, whatever the order they were written in', () => {
    const tree = buildSpanTree([
      span('c2', 'a', 30),
      span('c1', 'a', 20),
      span('g', 'c1', 25),
      span('a', 'root', 10),
      span('root', undefined, 0),
    ]);
    expect(names(tree)).toEqual([{ root: [{ a: [{ c1: ['g'] }, 'c2'] }] }]);
  });

  it('keeps spans whose parent is not in the store under a placeholder for it, sorted by their first start', () => {
    const tree = buildSpanTree([span('late', 'open2', 50), span('x', 'open1', 20), span('y', 'open1', 10)]);
    expect(names(tree)).toEqual([{ 'missing:open1': ['y', 'x'] }, { 'missing:open2': ['late'] }]);
  });

  it('survives a damaged file whose parents form a loop', () => {
    const tree = buildSpanTree([span('a', 'b', 0), span('b', 'a', 1), span('self', 'self', 2)]);
    expect(names(tree)).toEqual([{ a: ['b'] }, 'self']);
  });
});
