import { MAX_ATTEMPTS, nominalBackoffMs, retryAfterMs, retryDelayMs } from '../../src/telemetry/exporters/retry-policy';

describe('OTLP retry policy', () => {
  it('backs off exponentially (x1.5 from 1 s), capped at 5 s', () => {
    expect([1, 2, 3, 4, 5, 6].map(nominalBackoffMs)).toEqual([1000, 1500, 2250, 3375, 5000, 5000]);
  });

  it('draws each wait from ±20 % of the backoff (jitter)', () => {
    expect(retryDelayMs({ attempt: 1, remainingMs: 60_000, random: 0 })).toBe(800);
    expect(retryDelayMs({ attempt: 1, remainingMs: 60_000, random: 0.5 })).toBe(1000);
    expect(retryDelayMs({ attempt: 2, remainingMs: 60_000, random: 0.999999 })).toBeCloseTo(1800, 0);
    expect(retryDelayMs({ attempt: 4, remainingMs: 60_000, random: 0.999999 })).toBeCloseTo(4050, 0);
    expect(retryDelayMs({ attempt: 4, remainingMs: 60_000, random: 0 })).toBe(2700);
  });

  it("waits what the server's Retry-After says, jitter or not", () => {
    expect(retryDelayMs({ attempt: 1, retryAfterMs: 3000, remainingMs: 10_000, random: 0 })).toBe(3000);
    expect(retryDelayMs({ attempt: 3, retryAfterMs: 0, remainingMs: 10_000 })).toBe(0);
  });

  it("gives up instead of waiting past the export's deadline, and after the last attempt", () => {
    expect(retryDelayMs({ attempt: 1, retryAfterMs: 30_000, remainingMs: 10_000 })).toBeUndefined();
    expect(retryDelayMs({ attempt: 1, remainingMs: 500, random: 0 })).toBeUndefined();
    expect(retryDelayMs({ attempt: MAX_ATTEMPTS, retryAfterMs: 0, remainingMs: 10_000 })).toBeUndefined();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs(['0.5'], now)).toBe(500);
    expect(retryAfterMs('Wed, 02 Dec 2026 10:00:07 GMT', now)).toBe(7000);
    expect(retryAfterMs('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
