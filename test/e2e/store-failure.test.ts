// A store that fails is reported as such, never mistaken for a missing object.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StoreUnavailableError } from '../../src/storage/errors.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Store } from '../../src/storage/store.ts';
import { startTestCluster } from '../support/api-server.ts';
import { rawRequest } from '../support/http.ts';

describe('store failures', () => {
  it('a namespace the store cannot read answers 503, not 404', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesvc-failing-'));
    const real = openSqliteStore({ path: join(dir, 'state.db') });
    let failing = false;
    // Only point reads of the namespace fail; everything else goes to the real store.
    const store: Store = Object.assign(Object.create(real) as Store, {
      get: (key: string, options?: { revision?: number }) =>
        failing && key === '/registry/core/namespaces/unreadable'
          ? Promise.reject(new StoreUnavailableError('disk gone', false))
          : real.get(key, options),
    });
    const cluster = await startTestCluster({ store, dir });
    try {
      failing = true;
      const res = await rawRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/unreadable/configmaps', body: { metadata: { name: 'x' } } });
      assert.equal(res.status, 503);
      assert.equal(res.json.reason, 'ServiceUnavailable');
    } finally {
      await cluster.stop();
      await real.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
