// The Store contract suite against the embedded SQLite backend, one fresh database per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreConformance } from '../../src/storage/conformance/store-conformance.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';

describeStoreConformance('sqlite', {
  async open(options) {
    const dir = mkdtempSync(join(tmpdir(), 'kubesvc-conformance-'));
    const store = openSqliteStore({ path: join(dir, 'state.db'), ...options });
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
