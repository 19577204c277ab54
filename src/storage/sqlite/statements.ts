// Every SQL statement the store runs, prepared once, behind small typed methods. Nothing here
// decides anything about the Store contract; it only reads and writes the log (schema.ts).
import type Database from 'better-sqlite3';
import { prefixEnd } from '../continue-token.ts';
import type { KeyValue } from '../store.ts';
import type { Db } from './schema.ts';

/** One row of the log, exactly as stored. `id` is the revision of the write. */
export interface LogRow {
  readonly id: number;
  readonly name: string;
  readonly created: number;
  readonly deleted: number;
  readonly create_revision: number;
  readonly prev_revision: number;
  readonly value: string;
}

export function toKeyValue(row: LogRow): KeyValue {
  return { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

/** A slice of the key space: keys from `from` (inclusive or not) up to, excluding, `to`. */
export interface KeyRange {
  readonly from: string;
  readonly fromInclusive: boolean;
  /** Undefined: no upper bound (the prefix was empty). */
  readonly to: string | undefined;
}

/** The keys under `prefix`, or only those after `afterKey` when continuing a paged list. */
export function keyRange(prefix: string, afterKey?: string): KeyRange {
  const end = prefixEnd(prefix);
  const to = end === '' ? undefined : end;
  if (afterKey !== undefined && afterKey >= prefix) return { from: afterKey, fromInclusive: false, to };
  return { from: prefix, fromInclusive: true, to };
}

const COLUMNS = 'id, name, created, deleted, create_revision, prev_revision, value';

type RangeParams = { from: string; to?: string; rev: number };

export class LogStatements {
  private readonly latestStmt: Database.Statement<[string], LogRow>;
  private readonly atStmt: Database.Statement<[{ name: string; rev: number }], LogRow>;
  private readonly byIdStmt: Database.Statement<[number], LogRow>;
  private readonly insertStmt: Database.Statement<[LogRow]>;
  private readonly maxIdStmt: Database.Statement<[], number>;
  private readonly getMetaStmt: Database.Statement<[string], number>;
  private readonly setMetaStmt: Database.Statement<[{ key: string; value: number }]>;
  private readonly deleteSupersededStmt: Database.Statement<[{ lo: number; hi: number }]>;
  private readonly deleteTombstonesStmt: Database.Statement<[{ lo: number; hi: number }]>;
  /** Range statements differ in their bounds' shape; one prepared statement per shape. */
  private readonly ranged = new Map<string, Database.Statement<[Record<string, number | string>], unknown>>();

  constructor(private readonly db: Db) {
    this.latestStmt = db.prepare(`SELECT ${COLUMNS} FROM log WHERE name = ? ORDER BY id DESC LIMIT 1`);
    this.atStmt = db.prepare(`SELECT ${COLUMNS} FROM log WHERE name = @name AND id <= @rev ORDER BY id DESC LIMIT 1`);
    this.byIdStmt = db.prepare(`SELECT ${COLUMNS} FROM log WHERE id = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO log (${COLUMNS}) VALUES (@id, @name, @created, @deleted, @create_revision, @prev_revision, @value)`,
    );
    // The newest row is never compacted away (compaction only deletes rows below the compacted
    // revision, which is at most the newest), so MAX(id) is always the current revision.
    this.maxIdStmt = db.prepare<[], number>('SELECT COALESCE(MAX(id), 0) FROM log').pluck();
    this.getMetaStmt = db.prepare<[string], number>('SELECT value FROM meta WHERE key = ?').pluck();
    this.setMetaStmt = db.prepare('UPDATE meta SET value = @value WHERE key = @key');
    // Compaction (compactor.ts). Every row links to its key's previous row, so the rows that
    // rows lo..hi superseded are exactly their prev_revisions.
    this.deleteSupersededStmt = db.prepare(
      'DELETE FROM log WHERE id IN (SELECT prev_revision FROM log WHERE id BETWEEN @lo AND @hi AND prev_revision > 0)',
    );
    this.deleteTombstonesStmt = db.prepare('DELETE FROM log WHERE id BETWEEN @lo AND @hi AND deleted = 1');
  }

  /** The newest row of `name`, tombstone or not. */
  latest(name: string): LogRow | undefined {
    return this.latestStmt.get(name);
  }

  /** The newest row of `name` at or below `revision`. */
  at(name: string, revision: number): LogRow | undefined {
    return this.atStmt.get({ name, rev: revision });
  }

  byId(id: number): LogRow | undefined {
    return this.byIdStmt.get(id);
  }

  insert(row: LogRow): void {
    this.insertStmt.run(row);
  }

  maxId(): number {
    return this.maxIdStmt.get() ?? 0;
  }

  getMeta(key: 'compacted' | 'compact_progress'): number {
    const value = this.getMetaStmt.get(key);
    if (value === undefined) throw new Error(`meta row ${key} is missing`);
    return value;
  }

  setMeta(key: 'compacted' | 'compact_progress', value: number): void {
    this.setMetaStmt.run({ key, value });
  }

  /**
   * The live keys of `range` as of `revision`, in key order, at most `limit` (-1: all).
   *
   * The inner query walks the covering index (name, id, deleted) from the range's start in key
   * order; GROUP BY name over that order is a streaming aggregate, and `deleted` as a bare
   * column next to MAX(id) takes its value from the row holding the max (documented SQLite
   * behaviour), so tombstoned keys are dropped without reading the table. It runs as a
   * co-routine and CROSS JOIN keeps it the outer loop, so rows come out in key order and LIMIT
   * stops the walk after the page: a page costs O(page + history of its keys), never O(range).
   * sqlite-store.test.ts pins this query plan.
   */
  page(range: KeyRange, revision: number, limit: number): KeyValue[] {
    // Columns named as KeyValue's fields: rows come out as KeyValues, with no second object
    // per item (a 100k-key list spends most of its time allocating).
    const stmt = this.rangeStatement('page', range, (where) =>
      `SELECT l.name AS key, l.value AS value, l.create_revision AS createRevision, l.id AS modRevision
       FROM (SELECT MAX(id) AS mid, deleted AS d FROM log WHERE ${where} AND id <= @rev GROUP BY name ORDER BY name) AS m
       CROSS JOIN log AS l ON l.id = m.mid
       WHERE m.d = 0
       LIMIT @limit`,
    );
    return stmt.all({ ...rangeParams(range, revision), limit }) as KeyValue[];
  }

  /** How many live keys `range` holds at `revision`: an index-only walk of the range. */
  countLive(range: KeyRange, revision: number): number {
    const stmt = this.rangeStatement('count', range, (where) =>
      `SELECT COUNT(*) FROM (SELECT MAX(id) AS mid, deleted AS d FROM log WHERE ${where} AND id <= @rev GROUP BY name) WHERE d = 0`,
    );
    return stmt.pluck().get(rangeParams(range, revision)) as number;
  }

  /**
   * The rows of `range` with afterRevision < id <= upToRevision, in revision order. The caller
   * keeps the id span small; `+name` stops SQLite from preferring the name index (and then
   * sorting), so the cost is one primary-key range scan of at most that span.
   */
  history(range: KeyRange, afterRevision: number, upToRevision: number): LogRow[] {
    const stmt = this.rangeStatement(
      'history',
      range,
      (where) => `SELECT ${COLUMNS} FROM log WHERE id > @after AND id <= @rev AND ${where} ORDER BY id`,
      '+name',
    );
    return stmt.all({ ...rangeParams(range, upToRevision), after: afterRevision }) as LogRow[];
  }

  /** Deletes the rows that rows lo..hi superseded; returns how many. */
  deleteSuperseded(lo: number, hi: number): number {
    return this.deleteSupersededStmt.run({ lo, hi }).changes;
  }

  /** Deletes the tombstones among rows lo..hi; returns how many. */
  deleteTombstones(lo: number, hi: number): number {
    return this.deleteTombstonesStmt.run({ lo, hi }).changes;
  }

  /** EXPLAIN QUERY PLAN of a page read, for the test that keeps lists O(page). */
  explainPage(range: KeyRange): string[] {
    this.page(range, 0, 0); // prepares the statement for this range shape
    const sql = this.ranged.get(rangeKey('page', range))?.source ?? '';
    return this.db
      .prepare<[Record<string, number | string>], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all({ ...rangeParams(range, 0), limit: 1 })
      .map((row) => row.detail);
  }

  private rangeStatement(kind: string, range: KeyRange, sql: (where: string) => string, column = 'name') {
    const key = rangeKey(kind, range);
    let stmt = this.ranged.get(key);
    if (!stmt) {
      const bound = range.fromInclusive ? '>=' : '>';
      const where = `${column} ${bound} @from` + (range.to === undefined ? '' : ` AND ${column} < @to`);
      stmt = this.db.prepare(sql(where));
      this.ranged.set(key, stmt);
    }
    return stmt;
  }
}

function rangeKey(kind: string, range: KeyRange): string {
  return `${kind}:${range.fromInclusive ? 'incl' : 'excl'}:${range.to === undefined ? 'open' : 'bounded'}`;
}

function rangeParams(range: KeyRange, revision: number): RangeParams {
  return range.to === undefined ? { from: range.from, rev: revision } : { from: range.from, to: range.to, rev: revision };
}
