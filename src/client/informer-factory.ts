// One shared informer per resource (all namespaces), created on first request so components
// share caches and watches. Informers asked for after start() start at once.
import type { Logger } from 'pino';
import type { Clock } from '../util/clock.ts';
import type { ApiObject, Clientset, InformerFactory, ObjectOf, ResourceName, SharedInformer } from './contract.ts';
import { ListWatchInformer } from './shared-informer.ts';

export interface InformerFactoryOptions {
  readonly clock: Clock;
  readonly log?: Logger;
  readonly resyncMs?: number;
}

export function createInformerFactory(clientset: Clientset, options: InformerFactoryOptions): InformerFactory {
  const informers = new Map<ResourceName, ListWatchInformer<ApiObject>>();
  const started = new Set<ResourceName>();
  let startSignal: AbortSignal | undefined;

  const startOne = (resource: ResourceName, informer: ListWatchInformer<ApiObject>, signal: AbortSignal) => {
    if (started.has(resource) || signal.aborted) return;
    started.add(resource);
    void informer.run(signal).finally(() => started.delete(resource));
  };

  return {
    informer<R extends ResourceName>(resource: R): SharedInformer<ObjectOf<R>> {
      let informer = informers.get(resource);
      if (!informer) {
        informer = new ListWatchInformer<ApiObject>(clientset[resource], {
          clock: options.clock,
          log: options.log,
          resyncMs: options.resyncMs,
          name: resource,
        });
        informers.set(resource, informer);
        if (startSignal) startOne(resource, informer, startSignal);
      }
      return informer as unknown as SharedInformer<ObjectOf<R>>;
    },

    start(signal: AbortSignal): void {
      startSignal = signal;
      for (const [resource, informer] of informers) startOne(resource, informer, signal);
    },

    waitForSync(signal: AbortSignal): Promise<void> {
      const all = Promise.all([...informers.values()].map((informer) => informer.whenSynced())).then(() => undefined);
      return new Promise((resolve, reject) => {
        const aborted = () => reject(new Error('stopped before the informers synced'));
        if (signal.aborted) return aborted();
        signal.addEventListener('abort', aborted, { once: true });
        void all.then(() => {
          signal.removeEventListener('abort', aborted);
          resolve();
        });
      });
    },
  };
}
