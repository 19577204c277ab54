import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { Event } from '../api/core/v1/event.ts';
import { FakeClock } from '../util/clock.ts';
import { ApiError } from './api-error.ts';
import type { Clientset } from './contract.ts';
import { createEventRecorder } from './event-recorder.ts';

const log = pino({ level: 'silent' });
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', uid: 'u-1', resourceVersion: '7' } };

/** A clientset whose events client keeps Events in a map, and can be told to fail. */
function fakeEvents() {
  const stored = new Map<string, Event>();
  const calls: string[] = [];
  let down = false;
  const events = {
    async create(namespace: string, event: Event) {
      calls.push(`create ${event.metadata?.name}`);
      if (down) throw new Error('connect ECONNREFUSED');
      stored.set(`${namespace}/${event.metadata?.name}`, event);
      return event;
    },
    async patch(namespace: string, name: string, _type: string, patch: Partial<Event>) {
      calls.push(`patch ${name}`);
      if (down) throw new Error('connect ECONNREFUSED');
      const current = stored.get(`${namespace}/${name}`);
      if (!current) throw new ApiError({ code: 404, reason: 'NotFound', message: `events "${name}" not found` });
      const next = { ...current, ...patch };
      stored.set(`${namespace}/${name}`, next);
      return next;
    },
  };
  return {
    clientset: { events } as unknown as Clientset,
    stored,
    calls,
    setDown: (value: boolean) => (down = value),
  };
}

describe('event recorder', () => {
  it('creates an Event about the object, with upstream fields', async () => {
    const fake = fakeEvents();
    const clock = new FakeClock(Date.parse('2026-01-02T03:04:05.678Z'));
    const recorder = createEventRecorder(fake.clientset, { component: 'endpointslice-controller', host: 'node-a', clock, log });
    recorder.event(service, 'Warning', 'FailedToUpdateEndpointSlices', 'boom');
    await recorder.flush();
    const [event] = [...fake.stored.values()];
    assert.ok(event);
    assert.match(event.metadata?.name ?? '', /^web\.[0-9a-f]+$/);
    assert.equal(event.metadata?.namespace, 'shop');
    assert.deepEqual(event.involvedObject, { kind: 'Service', namespace: 'shop', name: 'web', uid: 'u-1', apiVersion: 'v1', resourceVersion: '7' });
    assert.deepEqual(event.source, { component: 'endpointslice-controller', host: 'node-a' });
    assert.equal(event.firstTimestamp, '2026-01-02T03:04:05Z');
    assert.equal(event.lastTimestamp, '2026-01-02T03:04:05Z');
    assert.equal(event.count, 1);
    assert.equal(event.type, 'Warning');
    assert.equal(event.reason, 'FailedToUpdateEndpointSlices');
    assert.equal(event.message, 'boom');
    assert.equal(event.reportingComponent, 'endpointslice-controller');
  });

  it('counts a repeat within the window on the same Event; a different message or a late repeat is a new Event', async () => {
    const fake = fakeEvents();
    const clock = new FakeClock(1_000_000);
    const recorder = createEventRecorder(fake.clientset, { component: 'c', clock, log, aggregationWindowMs: 60_000 });
    recorder.event(service, 'Normal', 'Synced', 'ok');
    await recorder.flush();
    clock.advance(5_000);
    recorder.event(service, 'Normal', 'Synced', 'ok');
    await recorder.flush();
    assert.equal(fake.stored.size, 1);
    const [event] = [...fake.stored.values()];
    assert.equal(event?.count, 2);
    assert.equal(event?.lastTimestamp, new Date(1_005_000).toISOString().replace('.000Z', 'Z'));
    assert.equal(event?.firstTimestamp, new Date(1_000_000).toISOString().replace('.000Z', 'Z'));

    recorder.event(service, 'Normal', 'Synced', 'different');
    clock.advance(120_000);
    recorder.event(service, 'Normal', 'Synced', 'ok');
    await recorder.flush();
    assert.equal(fake.stored.size, 3);
    assert.equal(
      [...fake.stored.values()].filter((e) => e.message === 'ok' && e.count === 1).length,
      1,
      'the late repeat started over',
    );
  });

  it('re-creates an Event that disappeared before its repeat was counted', async () => {
    const fake = fakeEvents();
    const recorder = createEventRecorder(fake.clientset, { component: 'c', clock: new FakeClock(5_000), log });
    recorder.event(service, 'Normal', 'Synced', 'ok');
    await recorder.flush();
    fake.stored.clear();
    recorder.event(service, 'Normal', 'Synced', 'ok');
    await recorder.flush();
    assert.equal([...fake.stored.values()][0]?.count, 2);
  });

  it('never throws while the API is down, drops the oldest writes beyond its bound, and recovers', async () => {
    const fake = fakeEvents();
    fake.setDown(true);
    const recorder = createEventRecorder(fake.clientset, { component: 'c', clock: new FakeClock(5_000), log, maxPending: 3 });
    for (let i = 0; i < 10; i++) recorder.event(service, 'Warning', 'Failed', `attempt ${i}`);
    await recorder.flush();
    assert.ok(recorder.dropped >= 6, `dropped ${recorder.dropped}`);
    assert.ok(fake.calls.length <= 4, `${fake.calls.length} writes attempted for a queue bounded at 3`);
    fake.setDown(false);
    recorder.event(service, 'Warning', 'Failed', 'later');
    await recorder.flush();
    assert.deepEqual([...fake.stored.values()].map((e) => e.message), ['later']);
  });

  it('ignores an object without a name', async () => {
    const fake = fakeEvents();
    const recorder = createEventRecorder(fake.clientset, { component: 'c', clock: new FakeClock(), log });
    recorder.event({ metadata: {} }, 'Normal', 'X', 'y');
    await recorder.flush();
    assert.deepEqual(fake.calls, []);
  });
});
