// Wrong passwords slow down per account and per client address: a few tries are free, then
// each further failure locks that key for twice as long as the last (capped). In memory per
// replica: N replicas allow N times the attempts, still far from a usable guessing rate.

type Entry = { failures: number; lockedUntil: number; lastFailure: number };

export type ThrottlePolicy = { freeFailures: number; baseLockMs: number; maxLockMs: number; forgetAfterMs: number };

export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 1_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};
// An office behind one address holds many people: more free failures before it slows down.
export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  baseLockMs: 1_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds until every one of these keys may try again; 0 when none is locked. */
  retryAfterSeconds(keys: string[]): number {
    const t = this.now();
    const until = Math.max(0, ...keys.map((k) => this.entries.get(k)?.lockedUntil ?? 0));
    return until > t ? Math.ceil((until - t) / 1000) : 0;
  }

  recordFailure(key: string, policy: ThrottlePolicy): void {
    const t = this.now();
    const previous = this.entries.get(key);
    const entry =
      previous && t - previous.lastFailure < policy.forgetAfterMs
        ? previous
        : { failures: 0, lockedUntil: 0, lastFailure: t };
    entry.failures += 1;
    entry.lastFailure = t;
    const over = entry.failures - policy.freeFailures;
    if (over > 0) entry.lockedUntil = t + Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (over - 1));
    this.entries.set(key, entry);
    if (this.entries.size > 50_000) this.prune(policy.forgetAfterMs);
  }

  /** A correct password clears the account's record (not the address's: others may be guessing from it). */
  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  private prune(forgetAfterMs: number): void {
    const t = this.now();
    for (const [key, entry] of this.entries)
      if (t - entry.lastFailure > forgetAfterMs && entry.lockedUntil < t) this.entries.delete(key);
  }
}

const holder = globalThis as unknown as { __signInThrottle?: SignInThrottle };
export function signInThrottle(): SignInThrottle {
  holder.__signInThrottle ??= new SignInThrottle();
  return holder.__signInThrottle;
}

export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many sign-in attempts; try again in ${retryAfterSeconds} s`);
    this.name = "TooManyAttemptsError";
  }
}

/** The client address as the nearest proxy reports it (first X-Forwarded-For hop), else "unknown". */
export function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  const real = headers?.["x-real-ip"];
  return first || (Array.isArray(real) ? real[0] : real) || "unknown";
}
