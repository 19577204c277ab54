import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CachedObject } from './cached-object.ts';
import { ResourceCache, type CacheWatcher, type CachedEvent, type WatchEventType } from './resource-cache.ts';

const pod = (ns: string, name: string, rv: number, labels: Record<string, string> = {}): CachedObject =>
  CachedObject.of({ metadata: { namespace: ns, name, resourceVersion: String(rv), labels } }, rv);
const key = (ns: string, name: string) => `/registry/core/pods/${ns}/${name}`;
const added = (rv: number, ns: string, name: string, labels?: Record<string, string>): CachedEvent => ({
  revision: rv, key: key(ns, name), type: 'ADDED', object: pod(ns, name, rv, labels),
});
const modified = (rv: number, ns: string, name: string, labels: Record<string, string>, previous: CachedObject): CachedEvent => ({
  revision: rv, key: key(ns, name), type: 'MODIFIED', object: pod(ns, name, rv, labels), previous,
});

function recorder(keyPrefix: string, matches: (o: CachedObject) => boolean = () => true) {
  const seen: Array<[WatchEventType, string, number]> = [];
  let ended = false;
  const watcher: CacheWatcher = {
    keyPrefix,
    matches,
    deliver: (type, object, revision) => seen.push([type, object.name, revision]),
    end: () => (ended = true),
  };
  return { watcher, seen, ended: () => ended };
}

describe('ResourceCache', () => {
  it('lists current objects under a prefix in key order, filtered', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    cache.apply(added(1, 'b', 'z'));
    cache.apply(added(2, 'a', 'y', { app: 'web' }));
    cache.apply(added(3, 'a', 'x'));
    assert.deepEqual(cache.list('/registry/core/pods/', () => true).map((o) => o.name), ['x', 'y', 'z']);
    assert.deepEqual(cache.list('/registry/core/pods/a/', (o) => o.labels?.app === 'web').map((o) => o.name), ['y']);
  });

  it('a watch without a revision starts with every current match as ADDED, then live changes', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    cache.apply(added(1, 'a', 'p1'));
    cache.apply(added(2, 'b', 'p2'));
    const r = recorder('/registry/core/pods/a/');
    cache.watch(r.watcher, undefined);
    cache.apply(added(3, 'a', 'p3'));
    cache.apply(added(4, 'b', 'p4'));
    assert.deepEqual(r.seen, [['ADDED', 'p1', 1], ['ADDED', 'p3', 3]]);
  });

  it('a watch from a revision replays exactly the later changes, then goes live', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    for (let rv = 1; rv <= 5; rv++) cache.apply(added(rv, 'a', `p${rv}`));
    const r = recorder('/registry/core/pods/');
    const start = cache.watch(r.watcher, 3);
    assert.equal(start.kind, 'ok');
    cache.apply(added(6, 'a', 'p6'));
    assert.deepEqual(r.seen.map(([, , rv]) => rv), [4, 5, 6]);
  });

  it('a revision older than the kept history is expired, with the oldest usable one', () => {
    const cache = new ResourceCache('/registry/core/pods/', 10, 3);
    for (let rv = 11; rv <= 16; rv++) cache.apply(added(rv, 'a', `p${rv}`));
    const start = cache.watch(recorder('/registry/core/pods/').watcher, 12);
    assert.deepEqual(start, { kind: 'expired', oldest: 13 });
    const r = recorder('/registry/core/pods/');
    assert.equal(cache.watch(r.watcher, 13).kind, 'ok');
    assert.deepEqual(r.seen.map(([, , rv]) => rv), [14, 15, 16]);
  });

  it('objects entering and leaving a selector arrive as ADDED and DELETED', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    cache.apply(added(1, 'a', 'p', { app: 'db' }));
    const r = recorder('/registry/core/pods/', (o) => o.labels?.app === 'web');
    cache.watch(r.watcher, 1);
    const v1 = cache.get(key('a', 'p')) as CachedObject;
    cache.apply(modified(2, 'a', 'p', { app: 'web' }, v1));
    const v2 = cache.get(key('a', 'p')) as CachedObject;
    cache.apply(modified(3, 'a', 'p', { app: 'web', v: '2' }, v2));
    const v3 = cache.get(key('a', 'p')) as CachedObject;
    cache.apply(modified(4, 'a', 'p', { app: 'db' }, v3));
    cache.apply({ revision: 5, key: key('a', 'p'), type: 'DELETED', object: pod('a', 'p', 5, { app: 'db' }) });
    assert.deepEqual(r.seen, [['ADDED', 'p', 2], ['MODIFIED', 'p', 3], ['DELETED', 'p', 4]]);
    assert.equal(cache.size, 0);
  });

  it('cancel stops delivery; dropWatchers hands back every watcher to end', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    const a = recorder('/registry/core/pods/');
    const b = recorder('/registry/core/pods/');
    const startA = cache.watch(a.watcher, 0);
    cache.watch(b.watcher, 0);
    if (startA.kind === 'ok') startA.cancel();
    cache.apply(added(1, 'a', 'p'));
    assert.deepEqual(a.seen, []);
    assert.equal(b.seen.length, 1);
    assert.deepEqual(cache.dropWatchers(), [b.watcher]);
    assert.equal(cache.watcherCount, 0);
  });
});

describe('CachedObject', () => {
  it('keeps the JSON a list sends and hands out independent parses', () => {
    const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a', resourceVersion: '7', labels: { app: 'web' } } };
    const cached = CachedObject.of(object, 7);
    assert.equal(cached.json().toString('utf8'), JSON.stringify(object));
    assert.deepEqual([cached.name, cached.namespace, cached.labels, cached.revision], ['p', 'a', { app: 'web' }, 7]);
    const copy = cached.object();
    (copy.metadata as { name: string }).name = 'changed';
    assert.equal(cached.object().metadata?.name, 'p');
    assert.equal(cached.restamped(9).object().metadata?.resourceVersion, '9');
    assert.equal(cached.restamped(9).revision, 9);
  });
});
