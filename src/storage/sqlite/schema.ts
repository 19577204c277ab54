// Opening the database file: durability and locking pragmas, then the schema.
//
// The schema is kine's: one append-only table `log` whose row id IS the revision. Every create,
// update and delete appends exactly one row (a delete appends a tombstone), so the log is both
// the history watchers replay and, through the (name, id) index, the current state:
// "the value of key K at revision R" is the row with the highest id <= R among K's rows.
//
// There is deliberately no second "current state" table. It would double the rows each write
// touches and give two sources of truth to keep in step, and it would only help reads at the
// current revision: a paged list continues at its first page's revision, which is already in
// the past once any write happens, so the log path has to be fast anyway. It is: the covering
// index (name, id, deleted) lets a page find each key's newest row <= R by walking index
// entries in key order and stop after the page (see statements.ts).
import Database from 'better-sqlite3';
import { StoreLockedError, StoreSchemaError } from './errors.ts';

export type Db = Database.Database;

const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS log (
    -- The revision. AUTOINCREMENT so an id is never handed out twice, even if the newest rows
    -- were ever removed; the writer also passes the id explicitly (see write-batcher.ts).
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- 1 when this row starts a life of the key (a create).
    created INTEGER NOT NULL,
    -- 1 for a tombstone (a delete). Its value is empty; the deleted version is prev_revision.
    deleted INTEGER NOT NULL,
    create_revision INTEGER NOT NULL,
    -- The id of this key's previous row (0 for the first), including across a delete and
    -- re-create. For updates and deletes it is the version replaced (the watch event's prevKv);
    -- compaction follows it to find the rows a newer one superseded.
    prev_revision INTEGER NOT NULL,
    value TEXT NOT NULL
  );
  -- deleted is in the index so lists and counts can skip tombstones without touching the table.
  CREATE INDEX IF NOT EXISTS log_name_id ON log (name, id, deleted);
  CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- compacted: the oldest readable revision. compact_progress: rows with a smaller id have had
  -- their superseded predecessors deleted (physical compaction resumes from it after a restart).
  INSERT OR IGNORE INTO meta (key, value) VALUES
    ('schema_version', ${SCHEMA_VERSION}), ('compacted', 0), ('compact_progress', 1);
`;

/**
 * Opens (creating if needed) the database at `path` for exclusive use by this store.
 *
 * - WAL with synchronous=FULL: every commit fsyncs the WAL before returning, so a write that
 *   was acknowledged survives kill -9 and power loss, and a torn commit is discarded on recovery.
 * - locking_mode=EXCLUSIVE, taken at once with an empty exclusive transaction and held until
 *   close: a second opener, in another process or this one, gets SQLITE_BUSY immediately
 *   (busy timeout 0) and is refused with StoreLockedError. The OS drops the lock when a process
 *   dies, so restarting after a crash just works. As a side effect SQLite keeps the WAL index
 *   in process memory instead of a -shm file.
 */
export function openDatabase(path: string): Db {
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreSchemaError(path, `cannot use WAL journal mode (got ${String(mode)})`);
    db.pragma('synchronous = FULL');
    // 32 MiB of page cache instead of the default 2 MiB: list pages jump around the table
    // (key order is not id order), and re-reading pages through read(2) doubles list time.
    db.pragma('cache_size = -32768');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    db.exec(`BEGIN; ${SCHEMA} COMMIT;`);
    const version = db.prepare<[], { value: number }>(`SELECT value FROM meta WHERE key = 'schema_version'`).get();
    if (version?.value !== SCHEMA_VERSION) {
      throw new StoreSchemaError(path, `schema version ${String(version?.value)}, this build reads ${SCHEMA_VERSION}`);
    }
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new StoreLockedError(path, { cause: err });
    throw err;
  }
  return db;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
