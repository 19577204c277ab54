// kill -9 the SQLite store mid-burst, repeatedly: every write it acknowledged must be there
// after recovery, the file must pass integrity_check, and the revisions must have no gaps.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore, StoreLockedError } from '../../src/storage/sqlite/index.ts';

const WRITER = fileURLToPath(new URL('./fixtures/sqlite-crash-writer.ts', import.meta.url));
const ROUNDS = 6;

interface Ack {
  readonly op: 'create' | 'update' | 'delete';
  readonly key: string;
  readonly value?: string;
  readonly revision: number;
}

interface LogRow {
  readonly id: number;
  readonly name: string;
  readonly deleted: number;
  readonly value: string;
}

/**
 * Runs the writer against `dbPath` and SIGKILLs it once it has acknowledged `killAfter` writes.
 * `whileRunning` runs once the writer is up. Returns the acknowledged writes.
 */
function runAndKill(dbPath: string, killAfter: number, whileRunning: () => void): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const parsed = JSON.parse(line) as Ack | { ready: true };
        if ('ready' in parsed) {
          try {
            whileRunning();
          } catch (error) {
            child.kill('SIGKILL');
            reject(error as Error);
          }
        } else {
          acks.push(parsed);
        }
      }
      if (!killed && acks.length >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}: ${stderr}`));
      else resolve(acks);
    });
  });
}

describe('SQLite store under kill -9', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesvc-crash-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged write and never corrupts the database (${ROUNDS} kills)`, async () => {
    const dbPath = path.join(dir, 'db.sqlite');
    let total = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Each round continues the same database, so later rounds also recover earlier crashes.
      const killAfter = 200 + Math.floor(Math.random() * 3000);
      const acks = await runAndKill(dbPath, killAfter, () => {
        if (round === 0) assert.throws(() => openSqliteStore({ path: dbPath }), StoreLockedError);
      });
      assert.ok(acks.length >= killAfter, `round ${round}: writer was killed early`);
      total += acks.length;

      const db = new Database(dbPath);
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        const { count, first, last } = db
          .prepare<[], { count: number; first: number; last: number }>('SELECT COUNT(*) AS count, MIN(id) AS first, MAX(id) AS last FROM log')
          .get() ?? { count: 0, first: 0, last: 0 };
        assert.equal(first, 1);
        assert.equal(count, last, `round ${round}: revisions 1..${last} have gaps`);
        const byId = db.prepare<[number], LogRow>('SELECT id, name, deleted, value FROM log WHERE id = ?');
        for (const ack of acks) {
          const row = byId.get(ack.revision);
          assert.ok(row, `round ${round}: acknowledged ${ack.op} of ${ack.key} at ${ack.revision} is missing`);
          assert.equal(row.name, ack.key);
          assert.equal(row.deleted, ack.op === 'delete' ? 1 : 0);
          if (ack.value !== undefined) assert.equal(row.value, ack.value);
        }
      } finally {
        db.close();
      }

      // And the store itself reopens on the recovered file at the recovered revision.
      const store = openSqliteStore({ path: dbPath });
      try {
        const newest = Math.max(...acks.map((a) => a.revision));
        assert.ok((await store.currentRevision()) >= newest);
        // The writer will re-create its keys next round: start it from an empty key space.
        const existing = await store.list('/crash/');
        for (const kv of existing.items) await store.delete(kv.key, kv.modRevision);
      } finally {
        await store.close();
      }
    }
    assert.ok(total > 0);
  });
});
