import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../../util/clock.ts';
import { CompactedError, FutureRevisionError } from '../errors.ts';
import type { WatchEvent } from '../store.ts';
import { Compactor } from './compactor.ts';
import { openDatabase } from './schema.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { LogStatements } from './statements.ts';
import { WriteBatcher } from './write-batcher.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesvc-compact-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A log and a compactor over it, without the rest of the store. */
function harness(batchRows: number) {
  const db = openDatabase(path.join(dir, 'db.sqlite'));
  const statements = new LogStatements(db);
  const writer = new WriteBatcher(db, statements, statements.maxId(), () => undefined);
  let compacted = statements.getMeta('compacted');
  const target = {
    currentRevision: () => writer.currentRevision,
    compactedRevision: () => compacted,
    setCompactedRevision: (revision: number) => (compacted = revision),
  };
  const compactor = new Compactor(db, statements, target, batchRows);
  const ids = () => db.prepare<[], number>('SELECT id FROM log ORDER BY id').pluck().all();
  return { db, statements, writer, compactor, ids, compactedRevision: () => compacted };
}

/** The history of the worked example below, one write per revision. */
async function writeHistory(writer: WriteBatcher): Promise<void> {
  await writer.submit({ kind: 'create', key: 'a', value: 'a1' }); // 1
  await writer.submit({ kind: 'update', key: 'a', value: 'a2', expectedModRevision: 1 }); // 2
  await writer.submit({ kind: 'create', key: 'b', value: 'b1' }); // 3
  await writer.submit({ kind: 'delete', key: 'b' }); // 4
  await writer.submit({ kind: 'create', key: 'c', value: 'c1' }); // 5
  await writer.submit({ kind: 'update', key: 'a', value: 'a3', expectedModRevision: 2 }); // 6
  await writer.submit({ kind: 'update', key: 'c', value: 'c2', expectedModRevision: 5 }); // 7
  await writer.submit({ kind: 'update', key: 'a', value: 'a4', expectedModRevision: 6 }); // 8
}

describe('Compactor', () => {
  it("keeps each live key's newest version at the compacted revision and everything after it", async () => {
    const { db, writer, compactor, ids, statements } = harness(2);
    try {
      await writeHistory(writer);
      await compactor.compact(7);
      // a: 6 is its newest <= 7 (1, 2 go; 6 is the prevKv of the event at 8); b: deleted at
      // 4 < 7 (3, 4 go); c: 7 is its newest (5 goes).
      assert.deepEqual(ids(), [6, 7, 8]);
      await compactor.compact(8);
      assert.deepEqual(ids(), [7, 8]);
      assert.equal(statements.getMeta('compacted'), 8);
      assert.equal(statements.getMeta('compact_progress'), 8);
    } finally {
      db.close();
    }
  });

  it('removes a tombstone only once it is below the compacted revision', async () => {
    const { db, writer, compactor, ids } = harness(500);
    try {
      await writer.submit({ kind: 'create', key: 'k', value: '1' }); // 1
      await writer.submit({ kind: 'delete', key: 'k' }); // 2
      await compactor.compact(2);
      assert.deepEqual(ids(), [2]);
      await writer.submit({ kind: 'create', key: 'other', value: '1' }); // 3
      await compactor.compact(3);
      assert.deepEqual(ids(), [3]);
    } finally {
      db.close();
    }
  });

  it('deletes in small transactions that writes interleave with', async () => {
    const { db, writer, compactor, ids } = harness(1);
    try {
      for (let i = 0; i < 100; i++) await writer.submit({ kind: 'create', key: `k${i}`, value: '' });
      for (let i = 0; i < 100; i++) await writer.submit({ kind: 'delete', key: `k${i}` });
      const order: string[] = [];
      const compaction = compactor.compact(200).then(() => order.push('compaction'));
      const write = writer.submit({ kind: 'create', key: 'late', value: '' }).then(() => order.push('write'));
      await Promise.all([compaction, write]);
      assert.deepEqual(order, ['write', 'compaction']);
      // 200 is k99's tombstone at the compacted revision: it stays until a later compaction.
      assert.deepEqual(ids(), [200, 201]);
    } finally {
      db.close();
    }
  });

  it('a restart finishes a compaction that was interrupted', async () => {
    const first = harness(1);
    await writeHistory(first.writer);
    const running = first.compactor.compact(7);
    await first.compactor.stop();
    await running;
    assert.equal(first.statements.getMeta('compacted'), 7);
    assert.ok(first.statements.getMeta('compact_progress') < 7);
    first.db.close();

    const second = harness(1);
    try {
      assert.equal(second.compactedRevision(), 7);
      second.compactor.resume();
      await second.compactor.compact(7); // a no-op that waits for the resumed work
      assert.deepEqual(second.ids(), [6, 7, 8]);
    } finally {
      second.db.close();
    }
  });

  it('refuses a future revision and ignores one already compacted', async () => {
    const { db, writer, compactor, ids } = harness(500);
    try {
      await writeHistory(writer);
      await assert.rejects(compactor.compact(9), FutureRevisionError);
      await compactor.compact(4);
      const after = ids();
      await compactor.compact(3);
      assert.deepEqual(ids(), after);
    } finally {
      db.close();
    }
  });
});

describe('SqliteStore compaction', () => {
  it('reads at the compacted revision are unchanged and earlier ones fail', async () => {
    const store = openSqliteStore({ path: path.join(dir, 'db.sqlite') });
    try {
      const a = await store.create('/r/a', 'a1');
      await store.create('/r/b', 'b1');
      await store.update('/r/a', 'a2', a.modRevision);
      await store.delete('/r/b');
      const at = await store.currentRevision();
      await store.create('/r/c', 'c1');
      const before = await store.list('/r/', { revision: at });
      await store.compact(at);
      assert.equal(await store.compactedRevision(), at);
      assert.deepEqual(await store.list('/r/', { revision: at }), before);
      assert.deepEqual(await store.get('/r/a', { revision: at }), before.items[0]);
      await assert.rejects(store.list('/r/', { revision: at - 1 }), CompactedError);
      await assert.rejects(store.get('/r/a', { revision: 1 }), CompactedError);
    } finally {
      await store.close();
    }
  });

  it('a watch needs its start revision readable: from the compacted revision on, with prevKv', async () => {
    const store = openSqliteStore({ path: path.join(dir, 'db.sqlite') });
    try {
      const v1 = await store.create('/w/k', 'v1');
      const v2 = await store.update('/w/k', 'v2', v1.modRevision);
      await store.compact(v2.modRevision);
      const tooOld = store.watch('/w/', v2.modRevision - 1);
      await assert.rejects(tooOld[Symbol.asyncIterator]().next(), CompactedError);

      const watch = store.watch('/w/', v2.modRevision);
      const v3 = await store.update('/w/k', 'v3', v2.modRevision);
      const first = await watch[Symbol.asyncIterator]().next();
      watch.close();
      assert.deepEqual(first.value as WatchEvent, { type: 'update', revision: v3.modRevision, kv: v3, prevKv: v2 });
    } finally {
      await store.close();
    }
  });

  it('a watcher still catching up when compaction passes it ends with CompactedError', async () => {
    const store = openSqliteStore({ path: path.join(dir, 'db.sqlite') });
    try {
      for (let i = 0; i < 3000; i++) void store.create(`/c/${i}`, '');
      await store.create('/c/last', '');
      const watch = store.watch('/c/', 0);
      const iterator = watch[Symbol.asyncIterator]();
      // The first catch-up step has delivered its window; the next one finds history gone.
      assert.equal((await iterator.next()).value?.revision, 1);
      await store.compact(2000);
      let delivered = 1;
      await assert.rejects(async () => {
        while (!(await iterator.next()).done) delivered++;
      }, CompactedError);
      assert.equal(delivered, 1000);
    } finally {
      await store.close();
    }
  });

  it('compacts periodically to the revision current one interval earlier', async () => {
    const clock = new FakeClock();
    const store = openSqliteStore({ path: path.join(dir, 'db.sqlite'), compactionIntervalMs: 60_000, clock });
    try {
      await store.create('/p/a', '1'); // 1
      await store.create('/p/b', '1'); // 2
      clock.advance(60_000); // compacts to the revision at open: 0, nothing to do
      assert.equal(await store.compactedRevision(), 0);
      await store.create('/p/c', '1'); // 3
      clock.advance(60_000); // compacts to 2, current at the previous tick
      assert.equal(await store.compactedRevision(), 2);
      await store.compact(2); // waits for the deletion the tick started
      clock.advance(30_000);
      assert.equal(await store.compactedRevision(), 2);
      clock.advance(30_000);
      assert.equal(await store.compactedRevision(), 3);
    } finally {
      await store.close();
    }
    assert.equal(clock.pendingTimers, 0);
  });
});
