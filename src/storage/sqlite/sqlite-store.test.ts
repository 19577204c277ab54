import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CompactedError, TooLargeError } from '../errors.ts';
import { MAX_VALUE_BYTES, type WatchEvent } from '../store.ts';
import { StoreClosedError, StoreLockedError } from './errors.ts';
import { openSqliteStore, type SqliteStore } from './sqlite-store.ts';
import { LogStatements, keyRange } from './statements.ts';
import { openDatabase } from './schema.ts';

let dir: string;
let dbPath: string;
const open = (): SqliteStore => openSqliteStore({ path: dbPath });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesvc-sqlite-'));
  dbPath = path.join(dir, 'db.sqlite');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Collects `count` events from a watch. */
async function take(watch: AsyncIterable<WatchEvent>, count: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  if (count === 0) return events;
  for await (const event of watch) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

describe('SqliteStore lifecycle', () => {
  it('keeps revisions, data and the compacted revision across close and reopen', async () => {
    const first = open();
    const a = await first.create('/k/a', 'a1');
    await first.update('/k/a', 'a2', a.modRevision);
    await first.create('/k/b', 'b1');
    await first.compact(2);
    await first.close();

    const second = open();
    try {
      assert.equal(await second.currentRevision(), 3);
      assert.equal(await second.compactedRevision(), 2);
      assert.deepEqual(await second.get('/k/a'), { key: '/k/a', value: 'a2', createRevision: 1, modRevision: 2 });
      assert.equal((await second.create('/k/c', 'c1')).modRevision, 4);
    } finally {
      await second.close();
    }
  });

  it('refuses a second open of the same database in this process', async () => {
    const store = open();
    try {
      assert.throws(open, StoreLockedError);
      assert.equal((await store.create('/k', 'still works')).modRevision, 1);
    } finally {
      await store.close();
    }
    const again = open();
    await again.close();
  });

  it('refuses a second process', async () => {
    const store = open();
    try {
      const index = fileURLToPath(new URL('./index.ts', import.meta.url));
      const probe = `import(${JSON.stringify(index)}).then(({ openSqliteStore }) => {
        try { openSqliteStore({ path: ${JSON.stringify(dbPath)} }); console.log('opened'); }
        catch (error) { console.log(error.code); }
      });`;
      const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
        encoding: 'utf8',
      });
      assert.equal(output.trim(), 'KS_ERR_STORE_LOCKED');
    } finally {
      await store.close();
    }
  });

  it('close commits queued writes, ends watches, and refuses later calls', async () => {
    const store = open();
    const watch = store.watch('/', 0);
    const queued = store.create('/queued', 'v');
    await store.close();
    assert.equal((await queued).modRevision, 1);
    assert.deepEqual(await take(watch, 1), []); // ended normally
    await assert.rejects(store.create('/late', 'v'), StoreClosedError);
    await assert.rejects(store.list('/'), StoreClosedError);
    await store.close(); // idempotent

    const reopened = open();
    try {
      assert.equal((await reopened.get('/queued'))?.value, 'v');
    } finally {
      await reopened.close();
    }
  });

  it('refuses an oversized value before queuing it', async () => {
    const store = open();
    try {
      await assert.rejects(store.create('/big', 'x'.repeat(MAX_VALUE_BYTES + 1)), TooLargeError);
      assert.equal(await store.currentRevision(), 0);
    } finally {
      await store.close();
    }
  });
});

describe('SqliteStore lists', () => {
  it('reads a page by walking the index from the page start, never the whole range', () => {
    const db = openDatabase(dbPath);
    try {
      const statements = new LogStatements(db);
      for (const range of [keyRange('/a/'), keyRange('/a/', '/a/x'), keyRange(''), keyRange('', '/a')]) {
        const plan = statements.explainPage(range).join(' | ');
        assert.match(plan, /CO-ROUTINE/);
        assert.match(plan, /SEARCH log USING COVERING INDEX log_name_id \(name>\?/);
        assert.doesNotMatch(plan, /TEMP B-TREE/);
      }
    } finally {
      db.close();
    }
  });

  it('pages a past revision through history and tombstones with exact remaining counts', async () => {
    const store = open();
    try {
      for (let i = 0; i < 40; i++) await store.create(`/p/${String(i).padStart(2, '0')}`, `v${i}`);
      for (let i = 0; i < 40; i += 3) await store.delete(`/p/${String(i).padStart(2, '0')}`);
      for (let i = 1; i < 40; i += 3) {
        const key = `/p/${String(i).padStart(2, '0')}`;
        const current = await store.get(key);
        await store.update(key, 'updated', current?.modRevision ?? 0);
      }
      await store.create('/q/outside', 'x');
      const snapshot = await store.list('/p/');
      const revision = snapshot.revision;

      const seen: string[] = [];
      let token: string | undefined;
      let page = 0;
      do {
        const result = await store.list('/p/', { limit: 7, continue: token });
        assert.equal(result.revision, revision);
        seen.push(...result.items.map((kv) => kv.key));
        assert.equal(result.remaining, result.continue ? snapshot.items.length - seen.length : undefined);
        token = result.continue;
        // Writes between pages do not change the snapshot.
        if (page++ === 0) await store.create('/p/00', 'recreated');
      } while (token);
      assert.deepEqual(
        seen,
        snapshot.items.map((kv) => kv.key),
      );
      assert.equal(seen.length, 26);
      assert.deepEqual(
        (await store.list('/p/', { revision: 40 })).items.map((kv) => kv.value),
        Array.from({ length: 40 }, (_, i) => `v${i}`),
      );
    } finally {
      await store.close();
    }
  });

  it('a continue token whose revision got compacted fails', async () => {
    const store = open();
    try {
      for (let i = 0; i < 5; i++) await store.create(`/t/${i}`, '');
      const first = await store.list('/t/', { limit: 2 });
      await store.create('/t/more', '');
      await store.compact(await store.currentRevision());
      await assert.rejects(store.list('/t/', { limit: 2, continue: first.continue }), CompactedError);
    } finally {
      await store.close();
    }
  });
});

describe('SqliteStore watches', () => {
  it('a watcher catching up through several windows switches to live events with no gap or duplicate', async () => {
    const store = open();
    try {
      for (let i = 0; i < 2500; i++) void store.create(`/w/${i}`, `${i}`);
      await store.create('/other/x', '');
      await store.create('/w/last', '');
      const watch = store.watch('/w/', 0);
      // Keep writing while it catches up, including updates that need a prevKv.
      const writing = (async () => {
        for (let i = 0; i < 300; i++) {
          const key = `/w/${i}`;
          const current = await store.get(key);
          await store.update(key, `again ${i}`, current?.modRevision ?? 0);
        }
      })();
      const events = await take(watch, 2501 + 300);
      await writing;
      watch.close();
      const revisions = events.map((e) => e.revision);
      const expected = [...Array.from({ length: 2500 }, (_, i) => i + 1), 2502, ...Array.from({ length: 300 }, (_, i) => 2503 + i)];
      assert.deepEqual(revisions, expected);
      const update = events.at(-1);
      assert.equal(update?.type, 'update');
      assert.equal(update.type === 'update' && update.prevKv.value, '299');
    } finally {
      await store.close();
    }
  });

  it('a consumer that stops reading is ended without slowing writers', async () => {
    const store = open();
    try {
      const stalled = store.watch('/s/', 0, { maxBufferedEvents: 10 });
      const healthy = store.watch('/s/', 0);
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(`/s/${i}`, '')));
      await assert.rejects(take(stalled, 50), CompactedError);
      assert.equal((await take(healthy, 50)).length, 50);
    } finally {
      await store.close();
    }
  });

  it('routes each event to the watchers whose prefix matches, among many', async () => {
    const store = open();
    try {
      const namespaces = Array.from({ length: 100 }, (_, i) => `ns${i}`);
      const perNamespace = namespaces.map((ns) => store.watch(`/registry/pods/${ns}/`, 0));
      const perResource = Array.from({ length: 99 }, () => store.watch('/registry/pods/', 0));
      const everything = store.watch('', 0);
      await Promise.all(namespaces.map((ns) => store.create(`/registry/pods/${ns}/p`, ns)));
      await store.create('/registry/services/s', '');
      for (const [i, watch] of perNamespace.entries()) {
        const [event] = await take(watch, 1);
        assert.equal(event?.type === 'create' && event.kv.value, namespaces[i]);
      }
      for (const watch of perResource) assert.equal((await take(watch, 100)).length, 100);
      assert.equal((await take(everything, 101)).at(-1)?.revision, 101);
    } finally {
      await store.close();
    }
  });

  it('a watch from a future revision starts there', async () => {
    const store = open();
    try {
      const watch = store.watch('/f/', 2);
      await store.create('/f/1', '');
      await store.create('/f/2', '');
      await store.create('/f/3', '');
      assert.deepEqual(
        (await take(watch, 1)).map((e) => e.revision),
        [3],
      );
    } finally {
      await store.close();
    }
  });
});
