// The namespace controller's shell: a namespace being deleted is queued by name; its sync reads
// the namespace and its content live (as upstream: the namespace must be empty for real, not in
// a cache), deletes what is left, updates the status conditions and, once nothing is left,
// removes the `kubernetes` finalizer through namespaces/<name>/finalize so the API server can
// remove the namespace. Content still terminating is looked at again after half its estimate.
import type { Logger } from 'pino';
import type { Namespace } from '../../api/core/v1/namespace.ts';
import { isConflict, isNotFound } from '../../client/api-error.ts';
import { resourceInfoOf } from '../../client/clientset.ts';
import type { ApiObject, Controller, ControllerContext, ResourceClient, ResourceName, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import {
  needsContentDeletion,
  planContentDeletion,
  planNamespaceDeletion,
  type ContentItem,
  type NamespacedResource,
  type ResourceContents,
} from './plan.ts';

/** Every namespaced resource kubesvc serves, in the order upstream's discovery would list them. */
const NAMESPACED: readonly ResourceName[] = [
  'configMaps',
  'endpoints',
  'events',
  'pods',
  'secrets',
  'services',
  'deployments',
  'replicaSets',
  'leases',
  'endpointSlices',
];

/** Upstream retries a namespace until it is gone: giving up would leave it Terminating forever. */
const MAX_RETRIES = Infinity;
const WORKERS = 5;

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  private readonly queue: WorkQueue<string>;
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.log = ctx.log.child({ controller: this.name });
    this.queue = createWorkQueue<string>({ clock: ctx.clock });
    const namespaces = ctx.informers.informer('namespaces');
    const enqueue = (ns: Namespace) => {
      if (needsContentDeletion(ns) && ns.metadata?.name) this.queue.add(ns.metadata.name);
    };
    namespaces.addEventHandler({ onAdd: enqueue, onUpdate: (_previous, ns) => enqueue(ns) });
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.ctx.informers.waitForSync(signal);
    await runWorkers(
      {
        name: this.name,
        queue: this.queue,
        workers: WORKERS,
        maxRetries: MAX_RETRIES,
        sync: (name) => this.syncNamespace(name),
        log: this.log,
      },
      signal,
    );
  }

  private async syncNamespace(name: string): Promise<void> {
    let namespace: Namespace;
    try {
      namespace = await this.ctx.clientset.namespaces.get(undefined, name);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    if (!needsContentDeletion(namespace)) return;

    const errors: string[] = [];
    const before = await this.listContents(name, NAMESPACED, errors);
    for (const target of planContentDeletion(before.map((c) => c.contents))) {
      try {
        await this.clientOf(target.resource).delete(name, target.name, {
          propagationPolicy: 'Background',
          preconditions: { uid: target.uid },
        });
      } catch (error) {
        if (isNotFound(error) || isConflict(error)) continue;
        errors.push(`${target.resource.resource}: ${errorMessage(error)}`);
      }
    }
    // Only resources that had content need a second look: nothing new can be created meanwhile.
    const remaining = await this.listContents(
      name,
      before.filter((c) => c.contents.items.length > 0).map((c) => c.name),
      errors,
    );

    const plan = planNamespaceDeletion(namespace, remaining.map((c) => c.contents), errors, this.ctx.clock.now());
    if (plan.conditions) {
      try {
        namespace = await this.ctx.clientset.namespaces.updateStatus({ ...namespace, status: { ...namespace.status, conditions: plan.conditions } });
      } catch (error) {
        // Conditions are informative; the next pass writes them again.
        if (isNotFound(error)) return;
        this.log.debug({ namespace: name, err: error }, 'could not update namespace conditions');
      }
    }
    const { outcome } = plan;
    if ('finalize' in outcome) {
      await this.finalize({ ...namespace, spec: { ...namespace.spec, finalizers: [...outcome.finalize] } });
      this.log.info({ namespace: name }, 'namespace emptied and finalized');
    } else if ('waitSeconds' in outcome) {
      this.queue.addAfter(name, (Math.floor(outcome.waitSeconds / 2) + 1) * 1000);
    } else {
      throw new Error(outcome.retry);
    }
  }

  private async listContents(
    namespace: string,
    resources: readonly ResourceName[],
    errors: string[],
  ): Promise<Array<{ name: ResourceName; contents: ResourceContents }>> {
    const out: Array<{ name: ResourceName; contents: ResourceContents }> = [];
    for (const name of resources) {
      const info = resourceInfoOf(name);
      const resource: NamespacedResource = { group: info.group, version: info.version, resource: info.resource };
      try {
        const list = await this.client(name).listAll(namespace);
        out.push({ name, contents: { resource, items: list.items as ContentItem[] } });
      } catch (error) {
        errors.push(`${info.resource}: ${errorMessage(error)}`);
      }
    }
    return out;
  }

  private async finalize(namespace: Namespace): Promise<void> {
    try {
      await this.ctx.clientset.namespaces.updateSubresource(namespace, 'finalize');
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
  }

  private client(name: ResourceName): ResourceClient<ApiObject> {
    return this.ctx.clientset[name] as unknown as ResourceClient<ApiObject>;
  }

  private clientOf(resource: NamespacedResource): ResourceClient<ApiObject> {
    const name = NAMESPACED.find((n) => resourceInfoOf(n).resource === resource.resource) as ResourceName;
    return this.client(name);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
