/**
 * Abuse-control building blocks for the WebSocket chat: token buckets (per socket, per client
 * IP), a bounded map of per-IP buckets, and the open-socket counter (in total and per IP).
 * Plain classes with an injectable clock, so they can be tested without waiting.
 */
import { normalizeIP } from '@fastify/rate-limit';

export type Clock = () => number;

/**
 * A token bucket: holds up to `capacity` tokens, refills `perMinute` tokens a minute
 * (continuously), starts full. Each ask takes one token; an ask finding none is refused.
 */
export class TokenBucket {
  readonly capacity: number;
  readonly #perMs: number;
  #tokens: number;
  #updated: number;

  constructor(capacity: number, perMinute: number, now: number) {
    this.capacity = capacity;
    this.#perMs = perMinute / 60_000;
    this.#tokens = capacity;
    this.#updated = now;
  }

  #refill(now: number): void {
    if (now > this.#updated) {
      this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#updated) * this.#perMs);
    }
    this.#updated = now;
  }

  /** Tokens available now (fractional). */
  available(now: number): number {
    this.#refill(now);
    return this.#tokens;
  }

  /** Take one token if there is one. */
  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until one token is available (0 if one is). */
  msUntilToken(now: number): number {
    this.#refill(now);
    if (this.#tokens >= 1) return 0;
    return Math.ceil((1 - this.#tokens) / this.#perMs);
  }

  /**
   * Take one token even if there is none: the bucket goes into debt. Returns the milliseconds
   * until that token is covered by the refill (0 if it was there already). Later callers queue
   * behind it, so the time returned is a promise no one else can take.
   */
  reserve(now: number): number {
    this.#refill(now);
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil(-this.#tokens / this.#perMs);
  }

  /** True when the bucket is full again (nothing to remember about this client). */
  isFull(now: number): boolean {
    return this.available(now) >= this.capacity;
  }
}

/**
 * Take one token from every bucket, or from none: an ask refused by the per-IP bucket must not
 * also drain the per-socket one. Returns 0 on success, else the milliseconds until all of
 * them have a token (the `retryAfterMs` the client is told).
 */
export function takeAll(buckets: readonly TokenBucket[], now: number): number {
  let wait = 0;
  for (const b of buckets) wait = Math.max(wait, b.msUntilToken(now));
  if (wait > 0) return wait;
  for (const b of buckets) b.take(now);
  return 0;
}

/**
 * Take one token from every bucket now (returns 0), or, when one of them is empty, reserve one
 * in each (they go into debt) and return the milliseconds until all the reserved tokens are
 * covered: the time at which the ask will be accepted, whatever other sockets of the same
 * address do meanwhile (their reservations queue behind this one). The caller keeps at most one
 * reservation per socket, so the debt of a shared bucket is at most its number of sockets.
 */
export function reserveAll(buckets: readonly TokenBucket[], now: number): number {
  if (takeAll(buckets, now) === 0) return 0;
  let wait = 0;
  for (const b of buckets) wait = Math.max(wait, b.reserve(now));
  return wait;
}

/**
 * One bucket per key (client IP), created on first use. Full buckets carry no information and
 * are dropped by `sweep()`; past `maxKeys` the oldest are dropped too, so the map is bounded
 * whatever number of addresses a client uses.
 */
export class BucketMap {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #capacity: number;
  readonly #perMinute: number;
  readonly #maxKeys: number;

  constructor(capacity: number, perMinute: number, maxKeys = 50_000) {
    this.#capacity = capacity;
    this.#perMinute = perMinute;
    this.#maxKeys = maxKeys;
  }

  get size(): number {
    return this.#buckets.size;
  }

  get(key: string, now: number): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxKeys) this.sweep(now);
      if (this.#buckets.size >= this.#maxKeys) {
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
      bucket = new TokenBucket(this.#capacity, this.#perMinute, now);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  /**
   * Drop the buckets that have refilled completely, except those `inUse` (a socket still holds
   * it: dropping it would hand that client a second, fresh bucket).
   */
  sweep(now: number, inUse: (key: string) => boolean = () => false): void {
    for (const [key, bucket] of this.#buckets) if (bucket.isFull(now) && !inUse(key)) this.#buckets.delete(key);
  }
}

export type SocketAdmission = 'ok' | 'total' | 'per_ip';

/** Open WebSockets, in total and per client key. */
export class SocketCounter {
  readonly #perKey = new Map<string, number>();
  readonly #maxTotal: number;
  readonly #maxPerKey: number;
  #total = 0;

  constructor(maxTotal: number, maxPerKey: number) {
    this.#maxTotal = maxTotal;
    this.#maxPerKey = maxPerKey;
  }

  get total(): number {
    return this.#total;
  }

  count(key: string): number {
    return this.#perKey.get(key) ?? 0;
  }

  /** Count one more socket for `key` if both caps allow it. */
  acquire(key: string): SocketAdmission {
    if (this.#total >= this.#maxTotal) return 'total';
    const n = this.#perKey.get(key) ?? 0;
    if (n >= this.#maxPerKey) return 'per_ip';
    this.#perKey.set(key, n + 1);
    this.#total++;
    return 'ok';
  }

  release(key: string): void {
    const n = this.#perKey.get(key);
    if (n === undefined) return;
    if (n <= 1) this.#perKey.delete(key);
    else this.#perKey.set(key, n - 1);
    this.#total--;
  }
}

/**
 * The key limits are counted under: the client IP (after TRUST_PROXY), IPv6 addresses per /64
 * (one subscriber usually has a whole /64), IPv4-mapped IPv6 as IPv4. `unknown` when the
 * request has no address (injected test requests).
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  try {
    return normalizeIP(ip, 64);
  } catch {
    return ip;
  }
}
