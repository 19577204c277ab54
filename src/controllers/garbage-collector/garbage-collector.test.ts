// The garbage collector's informer glue: the ownership graph follows what the informers say.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject, ControllerContext, InformerHandlers } from '../../client/contract.ts';
import { FakeClock } from '../../util/clock.ts';
import { GarbageCollector } from './garbage-collector.ts';

function fakeContext(handlers: Map<string, InformerHandlers<ApiObject>>): ControllerContext {
  const quiet = { info() {}, debug() {}, warn() {}, error() {}, child: () => quiet };
  return {
    clock: new FakeClock(),
    log: quiet,
    informers: {
      informer: (resource: string) => ({
        addIndex() {},
        addEventHandler: (h: InformerHandlers<ApiObject>) => handlers.set(resource, h),
        hasSynced: () => true,
        run: async () => {},
        lister: { get: () => undefined, list: () => [], byNamespace: () => [], byIndex: () => [] },
      }),
      start() {},
      waitForSync: async () => {},
    },
  } as unknown as ControllerContext;
}

describe('GarbageCollector informer glue', () => {
  it('an update that changes the uid (a relist folding delete and re-create) drops the old object from the graph', () => {
    const handlers = new Map<string, InformerHandlers<ApiObject>>();
    const gc = new GarbageCollector(fakeContext(handlers));
    const service = (uid: string): ApiObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'default', name: 'web', uid } });
    const services = handlers.get('services')!;
    services.onAdd!(service('uid-a'));
    services.onUpdate!(service('uid-a'), service('uid-b'));
    assert.equal(gc.ownershipGraph.get('uid-a'), undefined, 'the old incarnation is gone, so its dependents are garbage');
    assert.ok(gc.ownershipGraph.get('uid-b'));
    assert.equal(gc.ownershipGraph.size, 1);
  });
});
