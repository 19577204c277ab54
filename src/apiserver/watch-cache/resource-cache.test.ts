import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CachedObject, listedFromStore } from './cached-object.ts';
import { decodeStored } from './codec.ts';
import { JsonArena } from './json-arena.ts';
import { ResourceCache, type CacheWatcher, type CachedEvent, type WatchEventType } from './resource-cache.ts';

const key = (ns: string, name: string) => `/registry/core/pods/${ns}/${name}`;
const pod = (cache: ResourceCache, ns: string, name: string, rv: number, labels: Record<string, string> = {}): CachedObject =>
  CachedObject.of(cache.arena, key(ns, name), { metadata: { namespace: ns, name, resourceVersion: String(rv), labels } }, rv);
const added = (cache: ResourceCache, rv: number, ns: string, name: string, labels?: Record<string, string>): CachedEvent => ({
  revision: rv, key: key(ns, name), type: 'ADDED', object: pod(cache, ns, name, rv, labels),
});
const modified = (cache: ResourceCache, rv: number, ns: string, name: string, labels: Record<string, string>, previous: CachedObject): CachedEvent => ({
  revision: rv, key: key(ns, name), type: 'MODIFIED', object: pod(cache, ns, name, rv, labels), previous,
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
    cache.apply(added(cache, 1, 'b', 'z'));
    cache.apply(added(cache, 2, 'a', 'y', { app: 'web' }));
    cache.apply(added(cache, 3, 'a', 'x'));
    assert.deepEqual(cache.list('/registry/core/pods/', () => true).map((o) => o.name), ['x', 'y', 'z']);
    assert.deepEqual(cache.list('/registry/core/pods/a/', (o) => o.labels?.app === 'web').map((o) => o.name), ['y']);
  });

  it('a watch without a revision starts with every current match as ADDED, then live changes', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    cache.apply(added(cache, 1, 'a', 'p1'));
    cache.apply(added(cache, 2, 'b', 'p2'));
    const r = recorder('/registry/core/pods/a/');
    cache.watch(r.watcher, undefined);
    cache.apply(added(cache, 3, 'a', 'p3'));
    cache.apply(added(cache, 4, 'b', 'p4'));
    assert.deepEqual(r.seen, [['ADDED', 'p1', 1], ['ADDED', 'p3', 3]]);
  });

  it('a watch from a revision replays exactly the later changes, then goes live', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    for (let rv = 1; rv <= 5; rv++) cache.apply(added(cache, rv, 'a', `p${rv}`));
    const r = recorder('/registry/core/pods/');
    const start = cache.watch(r.watcher, 3);
    assert.equal(start.kind, 'ok');
    cache.apply(added(cache, 6, 'a', 'p6'));
    assert.deepEqual(r.seen.map(([, , rv]) => rv), [4, 5, 6]);
  });

  it('a revision older than the kept history is expired, with the oldest usable one', () => {
    const cache = new ResourceCache('/registry/core/pods/', 10, 3);
    for (let rv = 11; rv <= 16; rv++) cache.apply(added(cache, rv, 'a', `p${rv}`));
    const start = cache.watch(recorder('/registry/core/pods/').watcher, 12);
    assert.deepEqual(start, { kind: 'expired', oldest: 13 });
    const r = recorder('/registry/core/pods/');
    assert.equal(cache.watch(r.watcher, 13).kind, 'ok');
    assert.deepEqual(r.seen.map(([, , rv]) => rv), [14, 15, 16]);
  });

  it('objects entering and leaving a selector arrive as ADDED and DELETED', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    cache.apply(added(cache, 1, 'a', 'p', { app: 'db' }));
    const r = recorder('/registry/core/pods/', (o) => o.labels?.app === 'web');
    cache.watch(r.watcher, 1);
    const v1 = cache.get(key('a', 'p')) as CachedObject;
    cache.apply(modified(cache, 2, 'a', 'p', { app: 'web' }, v1));
    const v2 = cache.get(key('a', 'p')) as CachedObject;
    cache.apply(modified(cache, 3, 'a', 'p', { app: 'web', v: '2' }, v2));
    const v3 = cache.get(key('a', 'p')) as CachedObject;
    cache.apply(modified(cache, 4, 'a', 'p', { app: 'db' }, v3));
    cache.apply({ revision: 5, key: key('a', 'p'), type: 'DELETED', object: pod(cache, 'a', 'p', 5, { app: 'db' }) });
    assert.deepEqual(r.seen, [['ADDED', 'p', 2], ['MODIFIED', 'p', 3], ['DELETED', 'p', 4]]);
    assert.equal(cache.size, 0);
  });

  it('an object leaving a selector is DELETED as it last matched, stamped with the change', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    cache.apply(added(cache, 1, 'a', 'p', { app: 'web' }));
    const left: unknown[] = [];
    const watcher: CacheWatcher = {
      keyPrefix: '/registry/core/pods/',
      matches: (o) => o.labels?.app === 'web',
      deliver: (type, object) => left.push([type, object.object()]),
      end: () => {},
    };
    cache.watch(watcher, 1);
    cache.apply(modified(cache, 2, 'a', 'p', { app: 'db' }, cache.get(key('a', 'p')) as CachedObject));
    // The same from history, for a watch that starts before the change.
    const replay: unknown[] = [];
    cache.watch({ ...watcher, deliver: (type, object) => replay.push([type, object.object()]) }, 1);
    const expected = [['DELETED', { metadata: { namespace: 'a', name: 'p', resourceVersion: '2', labels: { app: 'web' } } }]];
    assert.deepEqual(left, expected);
    assert.deepEqual(replay, expected);
  });

  it('cancel stops delivery; dropWatchers hands back every watcher to end', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 100);
    const a = recorder('/registry/core/pods/');
    const b = recorder('/registry/core/pods/');
    const startA = cache.watch(a.watcher, 0);
    cache.watch(b.watcher, 0);
    if (startA.kind === 'ok') startA.cancel();
    cache.apply(added(cache, 1, 'a', 'p'));
    assert.deepEqual(a.seen, []);
    assert.equal(b.seen.length, 1);
    assert.deepEqual(cache.dropWatchers(), [b.watcher]);
    assert.equal(cache.watcherCount, 0);
  });
});

describe('ResourceCache with a small arena', () => {
  // Slabs of 1 KiB, and compaction as soon as the waste passes 2 KiB and the live bytes.
  const smallArena = () => new JsonArena({ slabBytes: 1024, minWasteBytes: 2048 });

  it('compacts its objects as they are replaced, and every list, watch and history replay reads the same JSON', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 50);
    cache.reset([], 0, smallArena());
    const r = recorder('/registry/core/pods/');
    cache.watch(r.watcher, 0);
    const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
    let rv = 0;
    for (const name of names) cache.apply(added(cache, ++rv, 'a', name, { round: '0' }));
    for (let round = 1; round <= 30; round++) {
      for (const name of names) {
        cache.apply(modified(cache, ++rv, 'a', name, { round: String(round) }, cache.get(key('a', name)) as CachedObject));
      }
    }
    // Every object of the last round, intact, whatever moved.
    const listed = cache.list('/registry/core/pods/', () => true).map((o) => JSON.parse(o.json().toString('utf8')));
    assert.deepEqual(listed.map((o) => [o.metadata.name, o.metadata.labels.round]), names.map((n) => [n, '30']).sort());
    // The arena holds about what is live, not 31 rounds of it.
    const live = cache.arena.liveBytes;
    assert.ok(cache.arena.slabBytesHeld <= 2 * live + 2048 + 1024, `${cache.arena.slabBytesHeld} held for ${live} live`);
    // The history (the last 50 changes) replays intact, including states replaced long ago.
    const replay = recorder('/registry/core/pods/');
    assert.equal(cache.watch(replay.watcher, rv - 50).kind, 'ok');
    assert.equal(replay.seen.length, 50);
    // Every event delivered live carried its own state.
    assert.equal(r.seen.length, 20 * 31);
    assert.deepEqual(r.seen.at(-1), ['MODIFIED', 'p19', rv]);
  });

  it('a deleted object replays as its last state, stamped with the delete, after compaction moved it', () => {
    const cache = new ResourceCache('/registry/core/pods/', 0, 1000);
    cache.reset([], 0, smallArena());
    cache.apply(added(cache, 1, 'a', 'p', { app: 'web' }));
    const deleted = (cache.get(key('a', 'p')) as CachedObject).restamped(cache.arena, 2);
    cache.apply({ revision: 2, key: key('a', 'p'), type: 'DELETED', object: deleted });
    const slabBefore = deleted.slab;
    // Fill slabs, then delete two objects of every three: each slab is left a third live.
    let rv = 2;
    for (let i = 0; i < 90; i++) cache.apply(added(cache, ++rv, 'b', `q${i}`, { filler: 'x'.repeat(40) }));
    for (let i = 0; i < 90; i++) {
      if (i % 3 !== 0) cache.apply({ revision: ++rv, key: key('b', `q${i}`), type: 'DELETED', object: pod(cache, 'b', `q${i}`, rv) });
    }
    assert.notEqual(deleted.slab, slabBefore, 'the deleted state was moved out of its sparse slab');
    const replayed: Array<[WatchEventType, unknown]> = [];
    const deliver = (type: WatchEventType, object: CachedObject) => replayed.push([type, JSON.parse(object.json().toString('utf8'))]);
    cache.watch({ keyPrefix: '/registry/core/pods/a/', matches: () => true, deliver, end: () => {} }, 1);
    assert.deepEqual(replayed, [['DELETED', { metadata: { namespace: 'a', name: 'p', resourceVersion: '2', labels: { app: 'web' } } }]]);
    assert.equal(cache.list('/registry/core/pods/', () => true).length, 30);
  });
});

describe('CachedObject', () => {
  it('keeps the JSON a list sends and hands out independent parses', () => {
    const arena = new JsonArena();
    const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a', resourceVersion: '7', labels: { app: 'web' } } };
    const cached = CachedObject.of(arena, key('a', 'p'), object, 7);
    assert.equal(cached.json().toString('utf8'), JSON.stringify(object));
    assert.deepEqual([cached.name, cached.namespace, cached.labels, cached.revision], ['p', 'a', { app: 'web' }, 7]);
    const copy = cached.object();
    (copy.metadata as { name: string }).name = 'changed';
    assert.equal(cached.object().metadata?.name, 'p');
    assert.equal(cached.restamped(arena, 9).object().metadata?.resourceVersion, '9');
    assert.equal(cached.restamped(arena, 9).revision, 9);
  });

  it('a cluster-scoped object has no namespace', () => {
    const cached = CachedObject.of(new JsonArena(), '/registry/core/nodes/n1', { metadata: { name: 'n1' } }, 3);
    assert.deepEqual([cached.name, cached.namespace], ['n1', '']);
  });

  it('objects with equal labels share one frozen label set', () => {
    const arena = new JsonArena();
    const a = CachedObject.of(arena, key('a', 'p1'), { metadata: { labels: { app: 'web', tier: 'fe' } } }, 1);
    const b = CachedObject.of(arena, key('a', 'p2'), { metadata: { labels: { app: 'web', tier: 'fe' } } }, 2);
    const c = CachedObject.of(arena, key('a', 'p3'), { metadata: { labels: { app: 'db' } } }, 3);
    assert.equal(a.labels, b.labels);
    assert.notEqual(a.labels, c.labels);
    assert.ok(Object.isFrozen(a.labels));
  });
});

describe('listedFromStore', () => {
  it('is the stored text with its resourceVersion, the JSON of the decoded object', () => {
    const value = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a', labels: { x: 'y' } }, spec: { nodeName: 'n' } });
    const kv = { key: key('a', 'p'), value, createRevision: 3, modRevision: 12 };
    const item = listedFromStore(kv);
    assert.equal(item.json().toString('utf8'), JSON.stringify(decodeStored(kv)));
    assert.deepEqual(item.object(), decodeStored(kv));
    assert.equal(item.object(), item.object(), 'parsed once');
  });

  it('falls back to serializing the decoded object when the text cannot be stamped in place', () => {
    const kv = { key: key('a', 'q'), value: JSON.stringify({ kind: 'Pod', spec: {} }), createRevision: 4, modRevision: 5 };
    assert.equal(listedFromStore(kv).json().toString('utf8'), JSON.stringify(decodeStored(kv)));
  });
});
