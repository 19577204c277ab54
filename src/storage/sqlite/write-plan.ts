// What one write does to the log, decided from the key's newest row: either the row to append
// (with the caller's result and the watch event it produces) or the op's own typed error.
// Pure, so the batcher can run it inside a transaction and the rules are testable on their own.
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors.ts';
import type { KeyValue, WatchEvent } from '../store.ts';
import { toKeyValue, type LogRow } from './statements.ts';

export type WriteOp =
  | { readonly kind: 'create'; readonly key: string; readonly value: string }
  | { readonly kind: 'update'; readonly key: string; readonly value: string; readonly expectedModRevision: number }
  | { readonly kind: 'delete'; readonly key: string; readonly expectedModRevision?: number };

export interface DeleteResult {
  readonly revision: number;
  readonly prevKv: KeyValue;
}

export type WritePlan =
  | { readonly ok: true; readonly row: LogRow; readonly result: KeyValue | DeleteResult; readonly event: WatchEvent }
  | { readonly ok: false; readonly error: Error };

/**
 * Plans `op` against `latest` (the key's newest row, tombstone or not) as revision `revision`.
 * Preconditions are checked here, before anything is inserted, so a failing op takes no
 * revision and the log stays gapless.
 */
export function planWrite(op: WriteOp, latest: LogRow | undefined, revision: number): WritePlan {
  const live = latest !== undefined && latest.deleted === 0 ? latest : undefined;
  const prevRevision = latest?.id ?? 0;

  if (op.kind === 'create') {
    if (live) return { ok: false, error: new AlreadyExistsError(op.key) };
    const row: LogRow = {
      id: revision,
      name: op.key,
      created: 1,
      deleted: 0,
      create_revision: revision,
      prev_revision: prevRevision,
      value: op.value,
    };
    const kv = toKeyValue(row);
    return { ok: true, row, result: kv, event: { type: 'create', revision, kv } };
  }

  if (!live) return { ok: false, error: new NotFoundError(op.key) };
  const prevKv = toKeyValue(live);
  if (op.expectedModRevision !== undefined && op.expectedModRevision !== live.id) {
    return { ok: false, error: new ConflictError(op.key, op.expectedModRevision, prevKv) };
  }

  if (op.kind === 'update') {
    const row: LogRow = {
      id: revision,
      name: op.key,
      created: 0,
      deleted: 0,
      create_revision: live.create_revision,
      prev_revision: live.id,
      value: op.value,
    };
    const kv = toKeyValue(row);
    return { ok: true, row, result: kv, event: { type: 'update', revision, kv, prevKv } };
  }

  // A tombstone keeps the life's create_revision and carries no value: the deleted version is
  // its prev_revision row, which compaction keeps as long as the delete can be replayed.
  const row: LogRow = {
    id: revision,
    name: op.key,
    created: 0,
    deleted: 1,
    create_revision: live.create_revision,
    prev_revision: live.id,
    value: '',
  };
  return { ok: true, row, result: { revision, prevKv }, event: { type: 'delete', revision, key: op.key, prevKv } };
}

/** The watch event a stored row stands for; `prev` is its prev_revision row (unused for creates). */
export function eventFromRow(row: LogRow, prev: LogRow | undefined): WatchEvent {
  const kv = toKeyValue(row);
  if (row.created === 1) return { type: 'create', revision: row.id, kv };
  if (!prev) throw new Error(`log row ${row.id} (${row.name}) lost its previous version ${row.prev_revision}`);
  const prevKv = toKeyValue(prev);
  if (row.deleted === 1) return { type: 'delete', revision: row.id, key: row.name, prevKv };
  return { type: 'update', revision: row.id, kv, prevKv };
}
