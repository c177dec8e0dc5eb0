/**
 * The ids of delegation tokens already accepted in this process, each kept until its token
 * expires, so the same token is accepted once. Bounded: when full, expired ids go first, then the
 * oldest (a token accepted that long ago could then be accepted again; docs/propagation.md says
 * so). Nothing is shared between processes.
 */

/** How many token ids are kept at most. */
export const REPLAY_CACHE_SIZE = 10_000;

export class ReplayCache {
  /** Token id to its expiry (ms since the epoch), in the order first seen. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly size = REPLAY_CACHE_SIZE) {}

  /** Records `id` (valid until `expiresAtMs`); `false` if it was already there and not expired. */
  accept(id: string, expiresAtMs: number, nowMs = Date.now()): boolean {
    const known = this.seen.get(id);
    if (known !== undefined && known > nowMs) return false;
    this.seen.delete(id);
    if (this.seen.size >= this.size) this.makeRoom(nowMs);
    this.seen.set(id, expiresAtMs);
    return true;
  }

  private makeRoom(nowMs: number): void {
    for (const [id, expires] of this.seen) if (expires <= nowMs) this.seen.delete(id);
    while (this.seen.size >= this.size) this.seen.delete(this.seen.keys().next().value as string);
  }
}
