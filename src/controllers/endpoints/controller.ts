// The Endpoints controller's shell (upstream pkg/controller/endpoint): informer handlers that
// only enqueue Service keys, a worker loop that syncs one Service at a time through
// planEndpoints, and the one write that plan asks for.
import type { Logger } from 'pino';
import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { isNotFound } from '../../client/api-error.ts';
import type { Controller, ControllerContext, EventRecorder, Lister, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { defaultControllerRateLimiter } from '../../client/rate-limiter.ts';
import type { RateLimiter } from '../../client/rate-limiter.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import {
  StaleInformerCacheError,
  TriggerTimeTracker,
  isMember,
  isNamespaceTerminating,
  objectKey,
  podEventHandlers,
} from '../endpoint-pods/index.ts';
import { leftoverEndpointsKeys, planEndpoints, shouldDeleteEndpoints } from './plan.ts';

/** Retries of one Service before it is dropped: 5 ms·2^n reaches 82 s at the 15th. */
const MAX_RETRIES = 15;
/** Upstream --concurrent-endpoint-syncs. */
const DEFAULT_WORKERS = 5;

export interface EndpointsControllerOptions {
  readonly workers?: number;
  /** Delay before a Pod change is synced, to batch several (upstream --endpoint-updates-batch-period; 0). */
  readonly batchMs?: number;
  /** Retry pacing; upstream's default controller limiter (5 ms … 1000 s per key, 10 qps overall). */
  readonly rateLimiter?: RateLimiter<string>;
}

/**
 * Remembers the resourceVersion of Endpoints this controller has replaced: seeing it again in the
 * cache means the informer has not caught up with our own write (upstream staleEndpointsTracker).
 */
class StaleEndpointsTracker {
  private readonly replaced = new Map<string, string>();
  replacedVersion(key: string, resourceVersion: string | undefined): void {
    if (resourceVersion) this.replaced.set(key, resourceVersion);
  }
  isStale(key: string, endpoints: Endpoints): boolean {
    const version = this.replaced.get(key);
    return version !== undefined && version === endpoints.metadata?.resourceVersion;
  }
  forget(key: string): void {
    this.replaced.delete(key);
  }
}

export class EndpointsController implements Controller {
  readonly name = 'endpoint-controller';
  private readonly queue: WorkQueue<string>;
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly endpoints: Lister<Endpoints>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly stale = new StaleEndpointsTracker();
  private readonly workers: number;
  private readonly batchMs: number;

  constructor(
    private readonly ctx: ControllerContext,
    options: EndpointsControllerOptions = {},
  ) {
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder(this.name);
    this.workers = options.workers ?? DEFAULT_WORKERS;
    this.batchMs = options.batchMs ?? 0;
    this.queue = createWorkQueue<string>({ clock: ctx.clock, rateLimiter: options.rateLimiter ?? defaultControllerRateLimiter(ctx.clock) });
    const services = ctx.informers.informer('services');
    const pods = ctx.informers.informer('pods');
    const endpoints = ctx.informers.informer('endpoints');
    this.services = services.lister;
    this.pods = pods.lister;
    this.endpoints = endpoints.lister;
    const enqueue = (object: Service | Endpoints) => this.queue.add(objectKey(object));
    services.addEventHandler({ onAdd: enqueue, onUpdate: (_, service) => enqueue(service), onDelete: enqueue });
    pods.addEventHandler(podEventHandlers(this.services, (key) => this.queue.addAfter(key, this.batchMs)));
    endpoints.addEventHandler({ onDelete: enqueue });
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.ctx.informers.waitForSync(signal);
    // Endpoints whose Service went away while no controller ran are found by this one scan.
    for (const key of leftoverEndpointsKeys(this.endpoints.list())) this.queue.add(key);
    await runWorkers(
      {
        name: this.name,
        queue: this.queue,
        workers: this.workers,
        maxRetries: MAX_RETRIES,
        sync: (key) => this.sync(key),
        log: this.log,
      },
      signal,
    );
  }

  /** One Service: make its Endpoints list its Pods, or delete the Endpoints of a gone Service. */
  async sync(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const service = this.services.get(key);
    if (shouldDeleteEndpoints(service)) {
      try {
        await this.ctx.clientset.endpoints.delete(namespace, name);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      this.triggerTimes.deleteService(key);
      this.stale.forget(key);
      return;
    }
    if (!service) return;
    const pods = this.pods.byNamespace(namespace).filter((pod) => isMember(service, pod));
    // Computed on every sync, even one that writes nothing, so the tracker sees every change.
    const triggerTime = this.triggerTimes.compute(key, service, pods);
    const current = this.endpoints.get(key);
    if (current && this.stale.isStale(key, current)) throw new StaleInformerCacheError(`endpoints ${key}`);

    const plan = planEndpoints(service, pods, current, { triggerTime });
    if (plan.action === 'none') return;
    try {
      if (plan.action === 'create') {
        await this.ctx.clientset.endpoints.create(namespace, plan.endpoints);
      } else {
        const updated = await this.ctx.clientset.endpoints.update(plan.endpoints);
        if (updated.metadata?.resourceVersion !== current?.metadata?.resourceVersion) {
          this.stale.replacedVersion(key, current?.metadata?.resourceVersion);
        }
      }
    } catch (error) {
      // A namespace being deleted refuses creates for good: drop the key.
      if (plan.action === 'create' && isNamespaceTerminating(error)) return;
      const reason = plan.action === 'create' ? 'FailedToCreateEndpoint' : 'FailedToUpdateEndpoint';
      this.recorder.event(plan.endpoints, 'Warning', reason, `Failed to ${plan.action} endpoint ${key}: ${String((error as Error).message ?? error)}`);
      throw error;
    }
  }
}
