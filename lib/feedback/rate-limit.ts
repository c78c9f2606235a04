// A token bucket per caller, in process memory: each replica enforces the rate on its own
// (behind N replicas a client may get up to N times the rate; enough to stop a runaway loop).

type Bucket = { tokens: number; updated: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one token for `key` at `perMinute`; answers the seconds to wait when none is left. */
  take(key: string, perMinute: number, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updated: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.updated) / 60_000) * perMinute);
    bucket.updated = now;
    if (this.buckets.size > 50_000) this.buckets.clear();
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / perMinute)) };
  }
}
