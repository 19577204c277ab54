import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.ts';

describe('FakeClock', () => {
  it('fires timers in time order as it advances, including timers they set', () => {
    const clock = new FakeClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`);
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 15);
    }, 10);
    const cancelled = clock.setTimeout(() => fired.push('never'), 5);
    cancelled.cancel();
    clock.advance(30);
    assert.deepEqual(fired, ['a@1010', 'b@1020', 'c@1025']);
    assert.equal(clock.now(), 1030);
    assert.equal(clock.pendingTimers, 0);
  });
});
