// `kubesvc controllers`: every controller in one process, as kube-controller-manager runs them,
// talking to the API server only through the client runtime. Two instances may run: they campaign
// for one Lease and only the leader works. A leader that loses its lease exits, as upstream's
// does, so it never acts on a stale cache; its supervisor restarts it as a fresh candidate.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { pino } from 'pino';
import { createControllerContext, loadClientConfig, runLeaderElection, type Controller, type ControllerContext } from '../client/index.ts';
import { DeploymentController } from '../controllers/deployment/controller.ts';
import { EndpointsController } from '../controllers/endpoints/controller.ts';
import { EndpointSliceController } from '../controllers/endpointslice/controller.ts';
import { EndpointSliceMirroringController } from '../controllers/endpointslice-mirroring/controller.ts';
import { GarbageCollector } from '../controllers/garbage-collector/garbage-collector.ts';
import { NamespaceController } from '../controllers/namespace/namespace-controller.ts';
import { NodeLifecycleController } from '../controllers/node-lifecycle/node-lifecycle-controller.ts';
import { ReplicaSetController } from '../controllers/replicaset/controller.ts';
import { Scheduler } from '../controllers/scheduler/scheduler.ts';
import { onStopSignal } from './stop-signal.ts';

/** Every controller kubesvc runs, by the name `--controllers` selects it with. */
export const CONTROLLERS: Readonly<Record<string, (ctx: ControllerContext) => Controller>> = {
  endpoint: (ctx) => new EndpointsController(ctx),
  endpointslice: (ctx) => new EndpointSliceController(ctx),
  endpointslicemirroring: (ctx) => new EndpointSliceMirroringController(ctx),
  replicaset: (ctx) => new ReplicaSetController(ctx),
  deployment: (ctx) => new DeploymentController(ctx),
  scheduler: (ctx) => new Scheduler(ctx),
  garbagecollector: (ctx) => new GarbageCollector(ctx),
  namespace: (ctx) => new NamespaceController(ctx),
  nodelifecycle: (ctx) => new NodeLifecycleController(ctx),
};

export interface ControllersOptions {
  readonly kubeconfig: string;
  /** Names from CONTROLLERS; all when empty. */
  readonly controllers: readonly string[];
  readonly leaseNamespace: string;
  readonly leaseName: string;
}

export function selectControllers(names: readonly string[]): string[] {
  if (names.length === 0) return Object.keys(CONTROLLERS);
  const unknown = names.filter((name) => !(name in CONTROLLERS));
  if (unknown.length > 0) {
    throw new Error(`unknown controller ${unknown.join(', ')}; known: ${Object.keys(CONTROLLERS).join(', ')}`);
  }
  return [...names];
}

export async function runControllers(options: ControllersOptions): Promise<void> {
  const names = selectControllers(options.controllers);
  const log = pino({ name: 'controllers' });
  const config = loadClientConfig(options.kubeconfig, { userAgent: 'kubesvc-controllers' });
  const identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
  const ctx = createControllerContext(config, { log, host: hostname() });
  const stop = new AbortController();
  // Every informer, queue and worker listens on the leader's signal; dozens is expected.
  setMaxListeners(0, stop.signal);
  onStopSignal(() => stop.abort());
  // The client's timers do not hold the process open (a library must not), and a standby
  // candidate has nothing else pending between its attempts: without this it would just exit.
  const stayAlive = setInterval(() => {}, 60_000);

  await runLeaderElection(
    ctx.clientset,
    { namespace: options.leaseNamespace, name: options.leaseName, identity, clock: ctx.clock, log },
    {
      async onStartedLeading(signal) {
        setMaxListeners(0, signal);
        log.info({ identity, controllers: names }, 'leading: starting controllers');
        const controllers = names.map((name) => CONTROLLERS[name]!(ctx));
        ctx.informers.start(signal);
        await Promise.all(controllers.map((controller) => controller.run(signal)));
      },
      onStoppedLeading(lost) {
        if (!lost) return;
        // Another instance may already lead; in-flight syncs must not go on writing beside it.
        log.error({ identity }, 'lost the leader lease; exiting so a fresh instance campaigns again');
        process.exit(1);
      },
    },
    stop.signal,
  );
  clearInterval(stayAlive);
  ctx.close();
}
