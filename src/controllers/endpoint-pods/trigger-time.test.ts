import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TriggerTimeTracker, formatTriggerTime } from './trigger-time.ts';
import { CREATED, makePod, makeService } from './test-builders.ts';

describe('TriggerTimeTracker', () => {
  const service = makeService('web');
  it('reports the Service creation time on its first sync, then the earliest trigger that moved', () => {
    const tracker = new TriggerTimeTracker();
    const a = makePod('a', { readyAt: '2026-01-01T00:05:00Z' });
    const b = makePod('b', { readyAt: '2026-01-01T00:06:00Z' });
    assert.equal(tracker.compute('default/web', service, [a, b]), Date.parse(CREATED));
    assert.equal(tracker.compute('default/web', service, [a, b]), undefined, 'nothing moved');
    const b2 = makePod('b', { readyAt: '2026-01-01T00:09:00Z' });
    const c = makePod('c', { readyAt: '2026-01-01T00:08:00Z' });
    assert.equal(tracker.compute('default/web', service, [a, b2, c]), Date.parse('2026-01-01T00:08:00Z'));
    tracker.deleteService('default/web');
    assert.equal(tracker.compute('default/web', service, [a]), Date.parse(CREATED), 'forgotten: first sync again');
  });
});

describe('formatTriggerTime', () => {
  it('prints RFC 3339 with only the significant fraction digits, as Go does', () => {
    assert.equal(formatTriggerTime(Date.parse('2026-01-01T00:00:00Z')), '2026-01-01T00:00:00Z');
    assert.equal(formatTriggerTime(Date.parse('2026-01-01T00:00:00.120Z')), '2026-01-01T00:00:00.12Z');
    assert.equal(formatTriggerTime(Date.parse('2026-01-01T00:00:00.007Z')), '2026-01-01T00:00:00.007Z');
  });
});
