/** The keep-failed buffer: within its byte budget at all times, oldest trace dropped first. */
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { HeldTraces, spanBytes } from '../../src/telemetry/sampling/held-traces';

function span(name: string, attributeChars = 0): ReadableSpan {
  return {
    name,
    attributes: attributeChars > 0 ? { big: 'x'.repeat(attributeChars) } : {},
    events: [],
    links: [],
  } as unknown as ReadableSpan;
}

describe('HeldTraces', () => {
  it('estimates a span from its name, attributes, events and links', () => {
    expect(spanBytes(span('abc', 1000))).toBe(200 + 3 + 'big'.length + 1000);
  });

  it('never holds more than its budget, dropping the oldest trace first', () => {
    const evicted: string[] = [];
    const held = new HeldTraces<string, string>(10_000, (h) => evicted.push(h.traceId));
    for (let t = 0; t < 20; t++) {
      held.open(`t${t}`, `session ${t}`);
      for (let s = 0; s < 5; s++) {
        held.addSpan(`t${t}`, span(`s${s}`, 300));
        held.addLog(`t${t}`, `log ${s}`, 100);
        expect(held.bytes).toBeLessThanOrEqual(10_000);
      }
    }
    // Each trace is 5 × (200 + 2 + 3 + 300) + 5 × 100 = 3,025 bytes: three fit.
    expect(held.size).toBe(3);
    expect(evicted).toEqual(Array.from({ length: 17 }, (_, t) => `t${t}`));
    const last = held.take('t19')!;
    expect(last).toMatchObject({ traceId: 't19', session: 'session 19', bytes: 3_025 });
    expect(last.spans).toHaveLength(5);
    expect(last.logs).toEqual(['log 0', 'log 1', 'log 2', 'log 3', 'log 4']);
    expect(held.bytes).toBe(2 * 3_025);
  });

  it('drops a trace bigger than the whole budget on its own', () => {
    const evicted: string[] = [];
    const held = new HeldTraces<string, string>(1_000, (h) => evicted.push(h.traceId));
    held.addSpan('small', span('s'));
    held.addSpan('huge', span('h', 5_000));
    expect(evicted).toEqual(['small', 'huge']);
    expect(held.bytes).toBe(0);
    expect(held.size).toBe(0);
  });
});
