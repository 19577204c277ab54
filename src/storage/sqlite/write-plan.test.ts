import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors.ts';
import type { LogRow } from './statements.ts';
import { eventFromRow, planWrite } from './write-plan.ts';

const row = (fields: Partial<LogRow> & Pick<LogRow, 'id' | 'name'>): LogRow => ({
  created: 0,
  deleted: 0,
  create_revision: fields.id,
  prev_revision: 0,
  value: 'v',
  ...fields,
});

describe('planWrite', () => {
  it('creates a new life that links back to the tombstone of the previous one', () => {
    const tombstone = row({ id: 7, name: 'k', deleted: 1, create_revision: 3, prev_revision: 5, value: '' });
    const plan = planWrite({ kind: 'create', key: 'k', value: 'again' }, tombstone, 9);
    assert.ok(plan.ok);
    assert.deepEqual(plan.row, { id: 9, name: 'k', created: 1, deleted: 0, create_revision: 9, prev_revision: 7, value: 'again' });
    assert.deepEqual(plan.event, { type: 'create', revision: 9, kv: { key: 'k', value: 'again', createRevision: 9, modRevision: 9 } });
  });

  it('refuses to create a live key', () => {
    const plan = planWrite({ kind: 'create', key: 'k', value: 'x' }, row({ id: 2, name: 'k' }), 3);
    assert.ok(!plan.ok);
    assert.ok(plan.error instanceof AlreadyExistsError);
  });

  it('updates keep the create revision and report the replaced version', () => {
    const live = row({ id: 4, name: 'k', create_revision: 2, value: 'old' });
    const plan = planWrite({ kind: 'update', key: 'k', value: 'new', expectedModRevision: 4 }, live, 5);
    assert.ok(plan.ok);
    assert.equal(plan.row.create_revision, 2);
    assert.equal(plan.row.prev_revision, 4);
    assert.deepEqual(plan.event, {
      type: 'update',
      revision: 5,
      kv: { key: 'k', value: 'new', createRevision: 2, modRevision: 5 },
      prevKv: { key: 'k', value: 'old', createRevision: 2, modRevision: 4 },
    });
  });

  it('a lost compare-and-swap carries the current version', () => {
    const live = row({ id: 4, name: 'k', create_revision: 2, value: 'now' });
    const plan = planWrite({ kind: 'update', key: 'k', value: 'x', expectedModRevision: 3 }, live, 5);
    assert.ok(!plan.ok);
    assert.ok(plan.error instanceof ConflictError);
    assert.deepEqual(plan.error.current, { key: 'k', value: 'now', createRevision: 2, modRevision: 4 });
  });

  it('update and delete of a deleted key are NotFound', () => {
    const tombstone = row({ id: 3, name: 'k', deleted: 1, value: '' });
    for (const op of [
      { kind: 'update', key: 'k', value: 'x', expectedModRevision: 3 },
      { kind: 'delete', key: 'k' },
    ] as const) {
      const plan = planWrite(op, tombstone, 4);
      assert.ok(!plan.ok);
      assert.ok(plan.error instanceof NotFoundError);
    }
    const missing = planWrite({ kind: 'delete', key: 'k' }, undefined, 1);
    assert.ok(!missing.ok && missing.error instanceof NotFoundError);
  });

  it('a delete appends an empty tombstone and returns the deleted version', () => {
    const live = row({ id: 4, name: 'k', create_revision: 2, value: 'gone' });
    const plan = planWrite({ kind: 'delete', key: 'k' }, live, 6);
    assert.ok(plan.ok);
    assert.deepEqual(plan.row, { id: 6, name: 'k', created: 0, deleted: 1, create_revision: 2, prev_revision: 4, value: '' });
    assert.deepEqual(plan.result, { revision: 6, prevKv: { key: 'k', value: 'gone', createRevision: 2, modRevision: 4 } });
  });
});

describe('eventFromRow', () => {
  it('rebuilds the events the writer produced', () => {
    const first = row({ id: 1, name: 'k', created: 1, value: 'a' });
    const second = row({ id: 2, name: 'k', create_revision: 1, prev_revision: 1, value: 'b' });
    const gone = row({ id: 3, name: 'k', deleted: 1, create_revision: 1, prev_revision: 2, value: '' });
    assert.equal(eventFromRow(first, undefined).type, 'create');
    assert.deepEqual(eventFromRow(second, first), planWriteEvent(second.id, 'update'));
    assert.deepEqual(eventFromRow(gone, second), {
      type: 'delete',
      revision: 3,
      key: 'k',
      prevKv: { key: 'k', value: 'b', createRevision: 1, modRevision: 2 },
    });
    assert.throws(() => eventFromRow(second, undefined), /lost its previous version 1/);
  });
});

function planWriteEvent(revision: number, type: 'update') {
  return {
    type,
    revision,
    kv: { key: 'k', value: 'b', createRevision: 1, modRevision: revision },
    prevKv: { key: 'k', value: 'a', createRevision: 1, modRevision: 1 },
  };
}
