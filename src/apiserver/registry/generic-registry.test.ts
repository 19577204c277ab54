// The registry's optimistic concurrency: which writes are re-applied after losing a race to a
// concurrent writer, and which must fail with 409 because the client named the version it read.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/meta/v1.ts';
import { findResource } from '../../api/resources.ts';
import { openSqliteStore } from '../../storage/sqlite/index.ts';
import type { Store } from '../../storage/store.ts';
import { FakeClock } from '../../util/clock.ts';
import { GenericRegistry } from './generic-registry.ts';
import { configMapStrategy } from './resources/config.ts';

/** A store whose next update first lets a rival write land, as a concurrent request would. */
function racingStore(store: Store): Store & { rivalNextUpdate(change: (value: KubeObject) => KubeObject): void } {
  let rival: ((value: KubeObject) => KubeObject) | undefined;
  return Object.assign(Object.create(store) as Store, {
    rivalNextUpdate(change: (value: KubeObject) => KubeObject) {
      rival = change;
    },
    async update(key: string, value: string, expectedModRevision: number) {
      if (rival) {
        const current = (await store.get(key))!;
        await store.update(key, JSON.stringify(rival(JSON.parse(current.value) as KubeObject)), current.modRevision);
        rival = undefined;
      }
      return store.update(key, value, expectedModRevision);
    },
  });
}

describe('GenericRegistry under a concurrent writer', () => {
  let dir: string;
  let store: ReturnType<typeof racingStore>;
  let registry: GenericRegistry;
  const addLabel = (name: string) => (object: KubeObject): KubeObject => ({
    ...object,
    metadata: { ...object.metadata, labels: { ...object.metadata?.labels, [name]: 'yes' } },
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubesvc-registry-'));
    store = racingStore(openSqliteStore({ path: join(dir, 'state.db') }));
    let uid = 0;
    registry = new GenericRegistry(configMapStrategy(findResource('', 'v1', 'configmaps')!), {
      store,
      clock: new FakeClock(Date.UTC(2026, 10, 24)),
      namespaces: { assertWritable: async () => {} },
      newUid: () => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`,
      random: Math.random,
    });
    await registry.create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raced' } });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-applies a patch to the version that won the race, keeping both changes', async () => {
    store.rivalNextUpdate(addLabel('rival'));
    const patched = await registry.patch('default', 'raced', addLabel('patch'), undefined);
    assert.deepEqual(patched.metadata?.labels, { rival: 'yes', patch: 'yes' });
  });

  it('re-applies an unconditional PUT', async () => {
    const current = await registry.get('default', 'raced');
    const { resourceVersion: _, ...metadata } = current.metadata!;
    store.rivalNextUpdate(addLabel('rival-2'));
    const { object } = await registry.update('default', 'raced', { ...current, metadata, data: { put: 'yes' } }, undefined);
    assert.deepEqual(object.data, { put: 'yes' });
  });

  it('answers 409 to a PUT that named the version it read', async () => {
    const current = await registry.get('default', 'raced');
    store.rivalNextUpdate(addLabel('rival-3'));
    await assert.rejects(
      registry.update('default', 'raced', { ...current, data: { stale: 'yes' } }, undefined),
      (error: { status?: { code?: number; reason?: string } }) => error.status?.code === 409 && error.status.reason === 'Conflict',
    );
  });
});

describe('GenericRegistry.getJson', () => {
  it('is the JSON of what get returns, and 404s the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesvc-registry-'));
    const store = openSqliteStore({ path: join(dir, 'state.db') });
    try {
      const registry = new GenericRegistry(configMapStrategy(findResource('', 'v1', 'configmaps')!), {
        store,
        clock: new FakeClock(Date.UTC(2026, 10, 24)),
        namespaces: { assertWritable: async () => {} },
        newUid: () => '00000000-0000-4000-8000-000000000001',
        random: Math.random,
      });
      await registry.create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, data: { k: 'v' } });
      await registry.patch('default', 'c', (cm) => ({ ...cm, data: { k: 'w' } }), undefined);
      const json = await registry.getJson('default', 'c');
      assert.equal(json, JSON.stringify(await registry.get('default', 'c')));
      assert.equal((JSON.parse(json) as KubeObject).metadata?.resourceVersion, String(await store.currentRevision()));
      await assert.rejects(registry.getJson('default', 'missing'), (error: { status?: { code?: number } }) => error.status?.code === 404);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
