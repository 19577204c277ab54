// The pieces together, as a controller uses them: a ControllerContext against a real server,
// informer handlers feeding a work queue, workers syncing keys, and events recorded on the
// objects (aggregated when they repeat).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runWorkers } from '../../src/client/controller-loop.ts';
import { objectKey } from '../../src/client/indexer.ts';
import { createWorkQueue } from '../../src/client/work-queue.ts';
import { startTestCluster } from '../support/api-server.ts';
import { controllerContextFor, eventually } from '../support/client.ts';

describe('controller context', () => {
  it('informer → queue → workers: every service change is synced, and events are recorded', { timeout: 60_000 }, async () => {
    const cluster = await startTestCluster();
    const context = controllerContextFor(cluster);
    const stop = new AbortController();
    const synced: string[] = [];
    let workers: Promise<void> | undefined;
    try {
      const services = context.informers.informer('services');
      const queue = createWorkQueue<string>({ clock: context.clock });
      services.addEventHandler({
        onAdd: (s) => queue.add(objectKey(s)),
        onUpdate: (_, s) => queue.add(objectKey(s)),
        onDelete: (s) => queue.add(objectKey(s)),
      });
      const recorder = context.recorder('e2e-controller');
      context.informers.start(stop.signal);
      await context.informers.waitForSync(stop.signal);
      workers = runWorkers(
        {
          name: 'e2e',
          queue,
          workers: 2,
          maxRetries: 3,
          log: context.log,
          sync: async (key) => {
            const service = services.lister.get(key);
            synced.push(`${key} ${service ? 'present' : 'gone'}`);
            if (service?.metadata?.name === 'web') recorder.event(service, 'Normal', 'Synced', 'service synced');
          },
        },
        stop.signal,
      );
      await context.clientset.services.create('default', { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
      await eventually('web synced', () => synced.includes('default/web present'));
      await context.clientset.services.patch('default', 'web', 'merge', { metadata: { labels: { touched: 'yes' } } });
      await eventually('web synced twice', () => synced.filter((s) => s === 'default/web present').length >= 2);
      await recorder.flush();

      const events = await context.clientset.events.list('default', { fieldSelector: 'involvedObject.name=web,reason=Synced' });
      assert.equal(events.items.length, 1, 'the repeat was aggregated');
      assert.equal(events.items[0]?.count, 2);
      assert.equal(events.items[0]?.source?.component, 'e2e-controller');
      assert.equal(events.items[0]?.involvedObject?.kind, 'Service');
      const described = await cluster.kubectl(['describe', 'service', 'web']);
      assert.match(described.stdout, /Normal\s+Synced\s+.*e2e-controller\s+service synced/);

      await context.clientset.services.delete('default', 'web');
      await eventually('web synced as gone', () => synced.includes('default/web gone'));
    } finally {
      stop.abort();
      await workers;
      context.close();
      await cluster.stop();
    }
  });
});
