// client-go's workqueue rate limiters: how long an item waits before it is retried.
import type { Clock } from '../util/clock.ts';

export interface RateLimiter<K> {
  /** How long `key` should wait now; each call counts as one more failure. */
  when(key: K): number;
  /** Clears `key`'s failure history (call it after a success). */
  forget(key: K): void;
  numRequeues(key: K): number;
}

/** Per item: base·2^failures, capped at max. */
export function exponentialFailureRateLimiter<K>(baseMs: number, maxMs: number): RateLimiter<K> {
  const failures = new Map<K, number>();
  return {
    when(key) {
      const count = failures.get(key) ?? 0;
      failures.set(key, count + 1);
      // 2^count overflows to Infinity long before it matters; the cap handles that too.
      return Math.min(maxMs, baseMs * 2 ** count);
    },
    forget: (key) => void failures.delete(key),
    numRequeues: (key) => failures.get(key) ?? 0,
  };
}

/**
 * Overall: a token bucket of `burst` tokens refilled at `qps` per second. Each call reserves a
 * token and answers how long until it is available (golang.org/x/time/rate's Reserve().Delay()).
 */
export function tokenBucketRateLimiter<K>(qps: number, burst: number, clock: Clock): RateLimiter<K> {
  let tokens = burst;
  let last = clock.now();
  return {
    when() {
      const now = clock.now();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * qps);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : (-tokens / qps) * 1000;
    },
    forget: () => {},
    numRequeues: () => 0,
  };
}

/** The slowest of several limiters wins. */
export function maxOfRateLimiter<K>(...limiters: Array<RateLimiter<K>>): RateLimiter<K> {
  return {
    when: (key) => Math.max(0, ...limiters.map((limiter) => limiter.when(key))),
    forget: (key) => limiters.forEach((limiter) => limiter.forget(key)),
    numRequeues: (key) => Math.max(0, ...limiters.map((limiter) => limiter.numRequeues(key))),
  };
}

/**
 * client-go's DefaultControllerRateLimiter: per item 5 ms … 1000 s, overall 10 qps with a burst
 * of 100. Pass `baseMs` to start slower (the EndpointSlice controller uses 1 s to spare the API server).
 */
export function defaultControllerRateLimiter<K>(clock: Clock, options: { baseMs?: number; maxMs?: number } = {}): RateLimiter<K> {
  return maxOfRateLimiter<K>(
    exponentialFailureRateLimiter<K>(options.baseMs ?? 5, options.maxMs ?? 1_000_000),
    tokenBucketRateLimiter<K>(10, 100, clock),
  );
}
