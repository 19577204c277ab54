import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../storage/sqlite/index.ts';
import { FakeClock } from '../util/clock.ts';
import { HistoryCompactor } from './compactor.ts';

describe('HistoryCompactor', () => {
  it('compacts each interval to the revision that was current one interval before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesvc-compactor-'));
    const store = openSqliteStore({ path: join(dir, 'state.db') });
    const clock = new FakeClock();
    const compactor = new HistoryCompactor(store, clock, 300_000);
    try {
      compactor.start();
      await store.create('/a', '1');
      clock.advance(300_000); // first round: remembers revision 1, compacts nothing
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await store.compactedRevision(), 0);

      await store.create('/b', '2');
      await store.create('/c', '3');
      clock.advance(300_000); // second round: compacts to 1, remembers 3
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await store.compactedRevision(), 1);
      // History since the last round stays readable.
      assert.equal((await store.list('/', { revision: 1 })).items.length, 1);
    } finally {
      compactor.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
