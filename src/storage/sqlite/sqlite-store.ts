// The embedded Store: SQLite through better-sqlite3. This file only wires the parts together
// and owns the store's lifecycle; each concern lives in its own module:
//   schema.ts          opening, durability and locking pragmas, the log schema
//   statements.ts      the SQL
//   write-plan.ts      what a create/update/delete appends, or which error it gets
//   write-batcher.ts   group commit
//   reader.ts          get and paged list at a revision
//   watch-hub.ts       synced and catching-up watchers
//   history-windows.ts the history catching-up watchers read, shared between them
//   compactor.ts       compaction, explicit and periodic
import { systemClock, type Clock } from '../../util/clock.ts';
import {
  DEFAULT_MAX_BUFFERED_EVENTS,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type Watch,
  type WatchOptions,
} from '../store.ts';
import { assertValueSize } from '../value-size.ts';
import { Compactor } from './compactor.ts';
import { StoreClosedError } from './errors.ts';
import { LogReader } from './reader.ts';
import { openDatabase, type Db } from './schema.ts';
import { LogStatements } from './statements.ts';
import { WatchHub } from './watch-hub.ts';
import { WriteBatcher, type WriteResult } from './write-batcher.ts';
import type { WriteOp } from './write-plan.ts';

export interface SqliteStoreOptions {
  /** The database file; created when missing. Its -wal file sits next to it. */
  readonly path: string;
  /** Compact periodically to the revision current one interval earlier; off when absent or 0. */
  readonly compactionIntervalMs?: number;
  readonly clock?: Clock;
  /** Buffer of each watcher that does not set WatchOptions.maxBufferedEvents. */
  readonly maxBufferedEvents?: number;
}

/**
 * Opens the store at `options.path`. Fails with StoreLockedError when another process (or an
 * earlier open in this one that was not closed) has the database.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}

export class SqliteStore implements Store {
  private readonly db: Db;
  private readonly statements: LogStatements;
  private readonly writer: WriteBatcher;
  private readonly reader: LogReader;
  private readonly hub: WatchHub;
  private readonly compactor: Compactor;
  private compacted: number;
  private closing: Promise<void> | undefined;

  constructor(options: SqliteStoreOptions) {
    this.db = openDatabase(options.path);
    try {
      this.statements = new LogStatements(this.db);
      this.compacted = this.statements.getMeta('compacted');
      const window = {
        currentRevision: () => this.writer.currentRevision,
        compactedRevision: () => this.compacted,
      };
      this.writer = new WriteBatcher(this.db, this.statements, this.statements.maxId(), (_revision, events) =>
        this.hub.notify(events),
      );
      this.reader = new LogReader(this.statements, window);
      this.hub = new WatchHub(
        {
          ...window,
          history: (range, after, upTo) => this.statements.history(range, after, upTo),
          byId: (id) => this.statements.byId(id),
        },
        options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS,
      );
      this.compactor = new Compactor(this.db, this.statements, {
        ...window,
        setCompactedRevision: (revision) => (this.compacted = revision),
      });
      this.compactor.resume();
      if (options.compactionIntervalMs) {
        this.compactor.startPeriodic(options.clock ?? systemClock, options.compactionIntervalMs);
      }
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async get(key: string, options?: { readonly revision?: number }): Promise<KeyValue | undefined> {
    this.assertOpen();
    return this.reader.get(key, options?.revision);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    this.assertOpen();
    return this.reader.list(prefix, options);
  }

  async create(key: string, value: string): Promise<KeyValue> {
    assertValueSize(key, value);
    return this.submit({ kind: 'create', key, value });
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    assertValueSize(key, value);
    return this.submit({ kind: 'update', key, value, expectedModRevision });
  }

  async delete(key: string, expectedModRevision?: number): Promise<{ readonly revision: number; readonly prevKv: KeyValue }> {
    return this.submit({ kind: 'delete', key, expectedModRevision });
  }

  watch(prefix: string, sinceRevision: number, options?: WatchOptions): Watch {
    // After close the watch ends at once (WatchHub.closeAll) rather than throwing: a consumer
    // iterating it sees a normal end, as it would for a watch open when the store closed.
    return this.hub.watch(prefix, sinceRevision, options?.maxBufferedEvents);
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    return this.compactor.compact(revision);
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.writer.currentRevision;
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.compacted;
  }

  /** Commits queued writes, ends every watch, finishes the current compaction batch, closes. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.writer.flushAll();
      this.hub.closeAll();
      await this.compactor.stop();
      this.db.close();
    })();
    return this.closing;
  }

  private submit<O extends WriteOp>(op: O): Promise<WriteResult<O>> {
    this.assertOpen();
    return this.writer.submit(op);
  }

  private assertOpen(): void {
    if (this.closing) throw new StoreClosedError();
  }
}
