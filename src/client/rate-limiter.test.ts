import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../util/clock.ts';
import {
  defaultControllerRateLimiter,
  exponentialFailureRateLimiter,
  maxOfRateLimiter,
  tokenBucketRateLimiter,
} from './rate-limiter.ts';

describe('rate limiters', () => {
  it('exponential: base·2^failures per item, capped, and forget starts over', () => {
    const limiter = exponentialFailureRateLimiter<string>(5, 1000);
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.when('a')), [5, 10, 20, 40]);
    assert.equal(limiter.when('b'), 5, 'items are independent');
    assert.equal(limiter.numRequeues('a'), 4);
    for (let i = 0; i < 100; i++) limiter.when('a');
    assert.equal(limiter.when('a'), 1000);
    limiter.forget('a');
    assert.equal(limiter.numRequeues('a'), 0);
    assert.equal(limiter.when('a'), 5);
  });

  it('token bucket: a burst goes at once, then one token per 1/qps, refilled over time', () => {
    const clock = new FakeClock(1_000);
    const limiter = tokenBucketRateLimiter<string>(10, 3, clock);
    assert.deepEqual([1, 2, 3].map((i) => limiter.when(`k${i}`)), [0, 0, 0]);
    assert.equal(limiter.when('k4'), 100);
    assert.equal(limiter.when('k5'), 200);
    clock.advance(1_000);
    // The 2 borrowed tokens are repaid and the bucket is full again (capped at the burst of 3).
    assert.deepEqual([1, 2, 3].map(() => limiter.when('x')), [0, 0, 0]);
    assert.equal(limiter.when('x'), 100);
  });

  it('max-of: the slowest limiter decides; forget reaches every limiter', () => {
    const clock = new FakeClock();
    const limiter = maxOfRateLimiter<string>(exponentialFailureRateLimiter(1_000, 1_000_000), tokenBucketRateLimiter(10, 1, clock));
    assert.equal(limiter.when('a'), 1_000);
    assert.equal(limiter.when('a'), 2_000);
    limiter.forget('a');
    assert.equal(limiter.numRequeues('a'), 0);
  });

  it('the default controller limiter starts at 5 ms and lets a caller start at 1 s', () => {
    const clock = new FakeClock();
    assert.equal(defaultControllerRateLimiter<string>(clock).when('a'), 5);
    const slices = defaultControllerRateLimiter<string>(clock, { baseMs: 1_000 });
    assert.deepEqual([slices.when('a'), slices.when('a')], [1_000, 2_000]);
  });
});
