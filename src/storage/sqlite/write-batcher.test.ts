import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { WatchEvent } from '../store.ts';
import { openDatabase, type Db } from './schema.ts';
import { LogStatements, type LogRow } from './statements.ts';
import { WriteBatcher } from './write-batcher.ts';

describe('WriteBatcher', () => {
  let dir: string;
  let db: Db;
  let statements: LogStatements;
  let commits: { revision: number; events: readonly WatchEvent[] }[];

  const batcher = (maxBatch?: number, rows = statements) =>
    new WriteBatcher(db, rows, 0, (revision, events) => commits.push({ revision, events }), maxBatch);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesvc-batcher-'));
    db = openDatabase(path.join(dir, 'db.sqlite'));
    statements = new LogStatements(db);
    commits = [];
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one tick in one transaction, in call order', async () => {
    const writer = batcher();
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => writer.submit({ kind: 'create', key: `k${i}`, value: `v${i}` })),
    );
    assert.deepEqual(
      results.map((kv) => [kv.key, kv.modRevision]),
      Array.from({ length: 16 }, (_, i) => [`k${i}`, i + 1]),
    );
    assert.equal(commits.length, 1);
    assert.equal(commits[0]?.revision, 16);
    assert.equal(writer.currentRevision, 16);
  });

  it("fails only the op whose precondition fails, and it takes no revision", async () => {
    const writer = batcher();
    const [a, conflict, missing, b] = await Promise.allSettled([
      writer.submit({ kind: 'create', key: 'a', value: '1' }),
      writer.submit({ kind: 'update', key: 'a', value: '2', expectedModRevision: 99 }),
      writer.submit({ kind: 'delete', key: 'nope' }),
      writer.submit({ kind: 'create', key: 'b', value: '1' }),
    ]);
    assert.equal(a.status === 'fulfilled' && a.value.modRevision, 1);
    assert.ok(conflict.status === 'rejected' && conflict.reason instanceof ConflictError);
    assert.ok(missing.status === 'rejected' && missing.reason instanceof NotFoundError);
    assert.equal(b.status === 'fulfilled' && b.value.modRevision, 2);
    assert.deepEqual(db.prepare('SELECT id FROM log ORDER BY id').pluck().all(), [1, 2]);
  });

  it('later ops of a batch see the rows earlier ones wrote', async () => {
    const writer = batcher();
    const created = writer.submit({ kind: 'create', key: 'k', value: 'v1' });
    const updated = writer.submit({ kind: 'update', key: 'k', value: 'v2', expectedModRevision: 1 });
    const deleted = writer.submit({ kind: 'delete', key: 'k', expectedModRevision: 2 });
    const recreated = writer.submit({ kind: 'create', key: 'k', value: 'v3' });
    assert.deepEqual(await created, { key: 'k', value: 'v1', createRevision: 1, modRevision: 1 });
    assert.deepEqual(await updated, { key: 'k', value: 'v2', createRevision: 1, modRevision: 2 });
    assert.deepEqual((await deleted).revision, 3);
    assert.deepEqual(await recreated, { key: 'k', value: 'v3', createRevision: 4, modRevision: 4 });
    assert.equal(commits.length, 1);
    assert.deepEqual(
      commits[0]?.events.map((e) => e.type),
      ['create', 'update', 'delete', 'create'],
    );
  });

  it('splits a long queue into bounded transactions', async () => {
    const writer = batcher(4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer.submit({ kind: 'create', key: `k${i}`, value: '' })));
    assert.deepEqual(
      commits.map((c) => c.events.length),
      [4, 4, 2],
    );
  });

  it('rolls the whole batch back when the transaction fails', async () => {
    const boom = new Error('disk on fire');
    class FailingStatements extends LogStatements {
      override insert(row: LogRow): void {
        if (row.name === 'bad') throw boom;
        super.insert(row);
      }
    }
    const writer = batcher(undefined, new FailingStatements(db));
    const outcomes = await Promise.allSettled([
      writer.submit({ kind: 'create', key: 'good', value: '' }),
      writer.submit({ kind: 'create', key: 'bad', value: '' }),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status === 'rejected' && o.reason),
      [boom, boom],
    );
    assert.equal(writer.currentRevision, 0);
    assert.equal(commits.length, 0);
    assert.equal(statements.latest('good'), undefined);
    // The next batch gets the revision the failed one did not use.
    assert.equal((await writer.submit({ kind: 'create', key: 'good', value: '' })).modRevision, 1);
  });
});
