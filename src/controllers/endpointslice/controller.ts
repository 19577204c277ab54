// The EndpointSlice controller's shell (upstream pkg/controller/endpointslice): informer
// handlers that only enqueue Service keys, a worker loop that syncs one Service at a time
// through planEndpointSlices, the writes, and a tracker of its own writes so that a sync from a
// cache that has not caught up yet is retried instead of undoing or duplicating them.
import type { Logger } from 'pino';
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import type { Controller, ControllerContext, EventRecorder, Lister, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { exponentialFailureRateLimiter, maxOfRateLimiter, tokenBucketRateLimiter } from '../../client/rate-limiter.ts';
import type { RateLimiter } from '../../client/rate-limiter.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import {
  ENDPOINTSLICE_CONTROLLER_NAME,
  EndpointSliceTracker,
  LABEL_SERVICE_NAME,
  managedSliceHandlers,
  StaleInformerCacheError,
  TriggerTimeTracker,
  ensureSlicesByServiceIndex,
  hasSelector,
  isMember,
  applySlicePlan,
  objectKey,
  podEventHandlers,
  slicesManagedBy,
} from '../endpoint-pods/index.ts';
import { DEFAULT_MAX_ENDPOINTS_PER_SLICE, planEndpointSlices } from './plan.ts';

/** Retries of one Service before it is dropped. */
const MAX_RETRIES = 15;
/** Upstream --concurrent-service-endpoint-syncs. */
const DEFAULT_WORKERS = 5;
/** A change to one of our slices by someone else is looked at after at least this long. */
const SLICE_CHANGE_MIN_SYNC_DELAY_MS = 1000;

export interface EndpointSliceControllerOptions {
  readonly workers?: number;
  readonly maxEndpointsPerSlice?: number;
  /** Delay before a Pod change is synced, to batch several (upstream --endpoint-updates-batch-period; 0). */
  readonly batchMs?: number;
  /**
   * Retry pacing. Upstream: per key 1 s … 1000 s (1 s, not 5 ms, to spare the API server), at
   * most 10 retries a second overall with bursts of 100. Tests may pass a faster one.
   */
  readonly rateLimiter?: RateLimiter<string>;
}

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  private readonly queue: WorkQueue<string>;
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly nodes: Lister<Node>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly tracker = new EndpointSliceTracker();
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly workers: number;
  private readonly batchMs: number;
  private readonly maxEndpointsPerSlice: number;

  constructor(
    private readonly ctx: ControllerContext,
    options: EndpointSliceControllerOptions = {},
  ) {
    this.log = ctx.log.child({ controller: this.name });
    // Events name the component as upstream's recorder does.
    this.recorder = ctx.recorder('endpoint-slice-controller');
    this.workers = options.workers ?? DEFAULT_WORKERS;
    this.batchMs = options.batchMs ?? 0;
    this.maxEndpointsPerSlice = options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
    this.queue = createWorkQueue<string>({
      clock: ctx.clock,
      rateLimiter:
        options.rateLimiter ??
        maxOfRateLimiter(exponentialFailureRateLimiter<string>(1000, 1_000_000), tokenBucketRateLimiter<string>(10, 100, ctx.clock)),
    });
    const services = ctx.informers.informer('services');
    const pods = ctx.informers.informer('pods');
    const nodes = ctx.informers.informer('nodes');
    const slices = ctx.informers.informer('endpointSlices');
    ensureSlicesByServiceIndex(slices);
    this.services = services.lister;
    this.pods = pods.lister;
    this.nodes = nodes.lister;
    this.slices = slices.lister;
    const enqueue = (service: Service) => this.queue.add(objectKey(service));
    services.addEventHandler({ onAdd: enqueue, onUpdate: (_, service) => enqueue(service), onDelete: enqueue });
    pods.addEventHandler(podEventHandlers(this.services, (key) => this.queue.addAfter(key, this.batchMs)));
    slices.addEventHandler(managedSliceHandlers(ENDPOINTSLICE_CONTROLLER_NAME, this.tracker, (slice) => this.enqueueForSlice(slice)));
  }

  private enqueueForSlice(slice: EndpointSlice): void {
    const service = slice.metadata?.labels?.[LABEL_SERVICE_NAME];
    if (!service) return;
    this.queue.addAfter(`${slice.metadata?.namespace ?? ''}/${service}`, Math.max(SLICE_CHANGE_MIN_SYNC_DELAY_MS, this.batchMs));
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.ctx.informers.waitForSync(signal);
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

  /** One Service: make its slices list its Pods. A gone Service's slices go with it (owner references). */
  async sync(key: string): Promise<void> {
    const [namespace = ''] = key.split('/');
    const service = this.services.get(key);
    if (!service) {
      this.triggerTimes.deleteService(key);
      this.tracker.deleteOwner(key);
      return;
    }
    if (service.spec?.type === 'ExternalName' || !hasSelector(service)) return;

    const pods = this.pods.byNamespace(namespace).filter((pod) => isMember(service, pod));
    const slices = slicesManagedBy(this.slices, key, ENDPOINTSLICE_CONTROLLER_NAME).filter((slice) => !slice.metadata?.deletionTimestamp);
    if (this.tracker.staleSlices(key, service.metadata?.uid, slices)) throw new StaleInformerCacheError(`endpoint slices of ${key}`);
    // Computed on every sync, even one that writes nothing, so the tracker sees every change.
    const triggerTime = this.triggerTimes.compute(key, service, pods);

    const plan = planEndpointSlices(service, pods, slices, (name) => this.nodes.get(name), {
      maxEndpointsPerSlice: this.maxEndpointsPerSlice,
      triggerTime,
    });
    try {
      await applySlicePlan(this.ctx.clientset.endpointSlices, this.tracker, namespace, plan, { trackDeletions: true });
    } catch (error) {
      this.recorder.event(service, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${String((error as Error).message ?? error)}`);
      throw error;
    }
    if (plan.podsWithMissingNode.length > 0) {
      // The slices are written without them; retry until their Nodes show up (or they go away).
      throw new Error(`skipped Pods of Service ${key} whose Node was not found: ${plan.podsWithMissingNode.join(', ')}`);
    }
  }
}
