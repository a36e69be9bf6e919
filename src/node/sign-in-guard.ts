// What stands between an online guesser and the staff accounts (docs/security.md, "Staff sign-in"):
//
// - A throttle per client (its IP address at the web host, its window in Electron) and one for the whole
//   station, both token buckets: a throttled attempt is refused at once with `rate_limited` (429), runs no
//   KDF and writes nothing, so a flood costs the station next to nothing and cannot grow the audit log.
// - A lock per client AND typed login (or badge): after FREE_ATTEMPTS wrong secrets from one client for
//   one login, that client waits 30 s, then twice as long after each further failure (up to 15 min).
//   Another client is not affected, so nobody can keep the admin locked out by guessing at the admin's
//   login from elsewhere; and an unknown login locks exactly like a real one, so the lock reveals nothing
//   about which logins exist.
// - A throttle per typed login across all clients (token bucket, `rate_limited` like the others): many
//   clients guessing one account share one budget. It delays, never locks, and a client that signed in
//   to that login before is spared it, so guessers cannot keep the account's owner out.
//
// State is kept in memory: a restart forgets it (the guesser cannot restart the station), and the maps
// are bounded so a flood of made-up logins or addresses cannot grow them without end.
import { backoffDelay } from '../shared/backoff';
import { ApiError } from '../shared/errors';

/** Failed attempts (per client and login) allowed before the lock; each failure after that doubles it. */
export const FREE_ATTEMPTS = 5;
const FIRST_LOCK_MS = 30_000;
const LONGEST_LOCK_MS = 15 * 60_000;
/** Entries kept per map; the oldest go first (a full bucket or an expired lock loses nothing). */
const MAX_ENTRIES = 10_000;

export function lockDurationMs(failedAttempts: number): number {
  if (failedAttempts < FREE_ATTEMPTS) return 0;
  return backoffDelay(failedAttempts - FREE_ATTEMPTS, { base: FIRST_LOCK_MS, max: LONGEST_LOCK_MS });
}

/** A token bucket: `burst` attempts at once, then one more each `refillMs`. */
export interface BucketLimit {
  burst: number;
  refillMs: number;
}

export interface SignInLimits {
  perClient: BucketLimit;
  /** Across all clients, per typed login (or badge): many clients guessing one account share it. */
  perLogin: BucketLimit;
  global: BucketLimit;
}

/**
 * Ten attempts at once from one client, then one every 6 s (a person who mistypes never meets it); thirty
 * at once for the whole station, then one every 2 s (a shift change of a dozen people fits easily).
 */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perClient: { burst: 10, refillMs: 6_000 },
  perLogin: { burst: 20, refillMs: 30_000 },
  global: { burst: 30, refillMs: 2_000 },
};

interface Bucket {
  tokens: number;
  at: number;
}

interface Failures {
  count: number;
  lockedUntil: number;
}

/** Adds to a bounded map, dropping the oldest entry when it is full. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

const THROTTLED = 'Too many sign-in attempts. Try again later.';

export class SignInGuard {
  private readonly buckets = new Map<string, Bucket>();
  private readonly global: Bucket;
  private readonly loginBuckets = new Map<string, Bucket>();
  /** `client\nlogin` pairs that signed in with the right secret before: the per-login cap spares them. */
  private readonly knownClients = new Map<string, true>();
  private readonly failures = new Map<string, Failures>();
  readonly limits: SignInLimits;

  constructor(
    private readonly now: () => Date,
    limits: {
      perClient?: Partial<BucketLimit>;
      perLogin?: Partial<BucketLimit>;
      global?: Partial<BucketLimit>;
    } = {},
  ) {
    this.limits = {
      perClient: { ...DEFAULT_SIGN_IN_LIMITS.perClient, ...limits.perClient },
      perLogin: { ...DEFAULT_SIGN_IN_LIMITS.perLogin, ...limits.perLogin },
      global: { ...DEFAULT_SIGN_IN_LIMITS.global, ...limits.global },
    };
    this.global = { tokens: this.limits.global.burst, at: now().getTime() };
  }

  /**
   * Takes one attempt from the client's, the typed login's and the station's budget, or refuses with how
   * long to wait. A client that has signed in to this login before is spared the login's budget, so
   * guessers draining it delay strangers but never keep the account's own owner out.
   */
  admit(client: string, login: string): void {
    const at = this.now().getTime();
    const mine = this.refill(this.buckets.get(client), this.limits.perClient, at);
    const all = this.refill(this.global, this.limits.global, at);
    const known = this.knownClients.has(`${client}\n${login}`);
    const account = known ? null : this.refill(this.loginBuckets.get(login), this.limits.perLogin, at);
    const wait = Math.max(
      this.waitFor(mine, this.limits.perClient),
      this.waitFor(all, this.limits.global),
      account ? this.waitFor(account, this.limits.perLogin) : 0,
    );
    remember(this.buckets, client, mine);
    if (account) remember(this.loginBuckets, login, account);
    if (wait > 0) throw ApiError.wait('rate_limited', THROTTLED, wait / 1000);
    mine.tokens--;
    all.tokens--;
    if (account) account.tokens--;
  }

  /** Milliseconds this client must still wait before trying this login again (0: it may try now). */
  lockedFor(client: string, login: string): number {
    const entry = this.failures.get(`${client}\n${login}`);
    return entry ? Math.max(0, entry.lockedUntil - this.now().getTime()) : 0;
  }

  /** Counts a wrong secret; returns the lock it starts in ms (0: none yet). */
  failed(client: string, login: string): number {
    const key = `${client}\n${login}`;
    const count = (this.failures.get(key)?.count ?? 0) + 1;
    const lockMs = lockDurationMs(count);
    remember(this.failures, key, { count, lockedUntil: this.now().getTime() + lockMs });
    return lockMs;
  }

  /** A right secret clears that client's count for that login. */
  succeeded(client: string, login: string): void {
    this.failures.delete(`${client}\n${login}`);
    remember(this.knownClients, `${client}\n${login}`, true);
  }

  private refill(bucket: Bucket | undefined, limit: BucketLimit, at: number): Bucket {
    if (!bucket) return { tokens: limit.burst, at };
    const gained = Math.floor((at - bucket.at) / limit.refillMs);
    if (gained > 0) {
      bucket.tokens = Math.min(limit.burst, bucket.tokens + gained);
      bucket.at = bucket.tokens === limit.burst ? at : bucket.at + gained * limit.refillMs;
    }
    return bucket;
  }

  /** How long until the bucket has a token again (0: it has one). */
  private waitFor(bucket: Bucket, limit: BucketLimit): number {
    return bucket.tokens >= 1 ? 0 : bucket.at + limit.refillMs - this.now().getTime();
  }
}
