// The EndpointSlice-mirroring controller's shell (upstream pkg/controller/endpointslicemirroring):
// Endpoints objects of selector-less Services, written by users or other controllers, are
// copied into EndpointSlices so that slice consumers see them. Handlers only enqueue Endpoints
// keys; each sync plans with planMirroredSlices and applies the writes.
import type { Logger } from 'pino';
import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import type { Controller, ControllerContext, EventRecorder, Lister, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { exponentialFailureRateLimiter, maxOfRateLimiter, tokenBucketRateLimiter } from '../../client/rate-limiter.ts';
import type { RateLimiter } from '../../client/rate-limiter.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import {
  EndpointSliceTracker,
  LABEL_SERVICE_NAME,
  managedSliceHandlers,
  MIRRORING_CONTROLLER_NAME,
  StaleInformerCacheError,
  ensureSlicesByServiceIndex,
  hasSelector,
  applySlicePlan,
  objectKey,
  slicesManagedBy,
} from '../endpoint-pods/index.ts';
import { DEFAULT_MAX_ENDPOINTS_PER_SUBSET, planMirroredSlices, shouldMirror } from './plan.ts';

const MAX_RETRIES = 15;
/** Upstream --mirroring-concurrent-service-endpoint-syncs. */
const DEFAULT_WORKERS = 5;

export interface EndpointSliceMirroringControllerOptions {
  readonly workers?: number;
  readonly maxEndpointsPerSubset?: number;
  /** Loopback mode (the default): loopback addresses are valid backends, as the API accepts them. */
  readonly allowLoopback?: boolean;
  /** Delay before a change to one of our slices is synced (upstream --mirroring-endpointslice-updates-batch-period; 0). */
  readonly batchMs?: number;
  /** Retry pacing; upstream: per key 1 s … 100 s, 10 retries a second overall with bursts of 100. */
  readonly rateLimiter?: RateLimiter<string>;
}

export class EndpointSliceMirroringController implements Controller {
  readonly name = 'endpointslice-mirroring-controller';
  private readonly queue: WorkQueue<string>;
  private readonly services: Lister<Service>;
  private readonly endpoints: Lister<Endpoints>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly tracker = new EndpointSliceTracker();
  private readonly options: EndpointSliceMirroringControllerOptions;

  constructor(
    private readonly ctx: ControllerContext,
    options: EndpointSliceMirroringControllerOptions = {},
  ) {
    this.options = options;
    this.log = ctx.log.child({ controller: this.name });
    // Events name the component as upstream's recorder does.
    this.recorder = ctx.recorder('endpoint-slice-mirroring-controller');
    this.queue = createWorkQueue<string>({
      clock: ctx.clock,
      rateLimiter:
        options.rateLimiter ??
        maxOfRateLimiter(exponentialFailureRateLimiter<string>(1000, 100_000), tokenBucketRateLimiter<string>(10, 100, ctx.clock)),
    });
    const services = ctx.informers.informer('services');
    const endpoints = ctx.informers.informer('endpoints');
    const slices = ctx.informers.informer('endpointSlices');
    ensureSlicesByServiceIndex(slices);
    this.services = services.lister;
    this.endpoints = endpoints.lister;
    this.slices = slices.lister;

    const enqueue = (object: Service | Endpoints) => this.queue.add(objectKey(object));
    services.addEventHandler({
      onAdd: (service) => !hasSelector(service) && enqueue(service),
      onUpdate: (previous, service) => hasSelector(previous) !== hasSelector(service) && enqueue(service),
      onDelete: (service) => !hasSelector(service) && enqueue(service),
    });
    endpoints.addEventHandler({
      onAdd: (ep) => shouldMirror(ep) && enqueue(ep),
      onUpdate: (previous, ep) => (shouldMirror(ep) || shouldMirror(previous)) && enqueue(ep),
      onDelete: (ep) => shouldMirror(ep) && enqueue(ep),
    });
    slices.addEventHandler(managedSliceHandlers(MIRRORING_CONTROLLER_NAME, this.tracker, (slice) => this.enqueueForSlice(slice)));
  }

  private enqueueForSlice(slice: EndpointSlice): void {
    const name = slice.metadata?.labels?.[LABEL_SERVICE_NAME];
    if (name) this.queue.addAfter(`${slice.metadata?.namespace ?? ''}/${name}`, this.options.batchMs ?? 0);
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.ctx.informers.waitForSync(signal);
    await runWorkers(
      {
        name: this.name,
        queue: this.queue,
        workers: this.options.workers ?? DEFAULT_WORKERS,
        maxRetries: MAX_RETRIES,
        sync: (key) => this.sync(key),
        log: this.log,
      },
      signal,
    );
  }

  /** One Endpoints key (= its Service's key): make the mirrored slices match it, or remove them. */
  async sync(key: string): Promise<void> {
    const [namespace = ''] = key.split('/');
    const endpoints = this.endpoints.get(key);
    const service = this.services.get(key);
    const slices = slicesManagedBy(this.slices, key, MIRRORING_CONTROLLER_NAME);
    const mirroring = shouldMirror(endpoints) && service !== undefined && !hasSelector(service);
    if (!mirroring) this.tracker.deleteOwner(key);
    else if (this.tracker.staleSlices(key, service.metadata?.uid, slices)) throw new StaleInformerCacheError(`mirrored slices of ${key}`);

    const plan = planMirroredSlices(service, endpoints, slices, {
      maxEndpointsPerSubset: this.options.maxEndpointsPerSubset ?? DEFAULT_MAX_ENDPOINTS_PER_SUBSET,
      allowLoopback: this.options.allowLoopback ?? true,
    });
    if (endpoints && plan.invalidAddresses > 0) {
      this.recorder.event(endpoints, 'Warning', 'InvalidIPAddress', `Skipped ${plan.invalidAddresses} invalid IP addresses when mirroring to EndpointSlices`);
    }
    if (endpoints && plan.overLimitAddresses > 0) {
      const limit = this.options.maxEndpointsPerSubset ?? DEFAULT_MAX_ENDPOINTS_PER_SUBSET;
      this.recorder.event(
        endpoints,
        'Warning',
        'TooManyAddressesToMirror',
        `A max of ${limit} addresses can be mirrored to EndpointSlices per Endpoints subset. ${plan.overLimitAddresses + plan.invalidAddresses} addresses were skipped`,
      );
    }
    await applySlicePlan(this.ctx.clientset.endpointSlices, this.tracker, namespace, plan, { trackDeletions: mirroring });
  }
}
