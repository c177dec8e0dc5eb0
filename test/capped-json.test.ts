import { TRUNCATION_MARKER, capString, messagesToCappedJson, toCappedJson } from '../src/content/capped-json';

describe('content JSON', () => {
  it('serializes plain values as JSON', () => {
    expect(toCappedJson({ city: 'Paris', days: [1, 2] }, 1000)).toBe('{"city":"Paris","days":[1,2]}');
    expect(toCappedJson('text', 1000)).toBe('"text"');
    expect(toCappedJson(undefined, 1000)).toBeUndefined();
  });

  it('never throws on values JSON cannot hold', () => {
    const circular: Record<string, unknown> = { name: 'a' };
    circular.self = circular;
    const value = {
      circular,
      big: 12345678901234567890n,
      fn: function lookup() {},
      sym: Symbol('s'),
      bytes: new Uint8Array(10),
      err: new TypeError('bad'),
      map: new Map([['k', 1]]),
      set: new Set([1, 2]),
      bad: {
        toJSON: () => {
          throw new Error('nope');
        },
      },
    };
    expect(
      JSON.parse(
        toCappedJson(
          { circular, big: value.big, fn: value.fn, sym: value.sym, bytes: value.bytes, err: value.err, map: value.map, set: value.set },
          10_000,
        )!,
      ),
    ).toEqual({
      circular: { name: 'a', self: '[Circular]' },
      big: '12345678901234567890',
      fn: '[Function lookup]',
      sym: 'Symbol(s)',
      bytes: '[Uint8Array 10 bytes]',
      err: { name: 'TypeError', message: 'bad' },
      map: { k: 1 },
      set: [1, 2],
    });
    expect(toCappedJson(value, 10_000)).toBe('"[Unserializable]"');
  });

  it('message content: plain JSON as the SDK would send it, and what JSON cannot hold still never throws', () => {
    const messages = [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }];
    expect(messagesToCappedJson(messages, 1000)).toBe(JSON.stringify(messages));
    const circular: Record<string, unknown> = { name: 'a', n: 1n };
    circular.self = circular;
    expect(JSON.parse(messagesToCappedJson([{ role: 'user', parts: [{ type: 'tool_call', arguments: circular }] }], 1000)!)).toEqual([
      { role: 'user', parts: [{ type: 'tool_call', arguments: { name: 'a', n: '1', self: '[Circular]' } }] },
    ]);
  });

  it('keeps a shared (non-circular) object that appears twice', () => {
    const shared = { x: 1 };
    expect(JSON.parse(toCappedJson({ a: shared, b: shared }, 1000)!)).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('cuts at the cap with a visible marker', () => {
    const long = 'x'.repeat(5000);
    const capped = capString(long, 200);
    expect(capped.length).toBeLessThanOrEqual(200);
    expect(capped).toContain(`${TRUNCATION_MARKER}5000 chars in all]`);
    expect(capString('short', 200)).toBe('short');
  });

  it('does not split a surrogate pair when cutting', () => {
    const text = '😀'.repeat(100);
    const capped = capString(text, 100);
    const kept = capped.slice(0, capped.indexOf('…'));
    expect(kept).toBe('😀'.repeat(kept.length / 2));
  });
});
