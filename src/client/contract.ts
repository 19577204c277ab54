// The client runtime's public contract: what controllers, the scheduler, the node agent, the
// proxy and DNS program against. It follows client-go's concepts (a typed REST client per
// resource, shared informers over an indexer, a rate-limited work queue) so that each component
// talks to kubesvc exactly as it would to a real cluster: over HTTPS, through list and watch.
import type { Logger } from 'pino';
import type { Deployment, ReplicaSet } from '../api/apps/v1/index.ts';
import type { Lease } from '../api/coordination/v1/lease.ts';
import type { ConfigMap } from '../api/core/v1/configmap.ts';
import type { Endpoints } from '../api/core/v1/endpoints.ts';
import type { Event } from '../api/core/v1/event.ts';
import type { Namespace } from '../api/core/v1/namespace.ts';
import type { Node } from '../api/core/v1/node.ts';
import type { Pod } from '../api/core/v1/pod.ts';
import type { Secret } from '../api/core/v1/secret.ts';
import type { Service } from '../api/core/v1/service.ts';
import type { EndpointSlice } from '../api/discovery/v1/endpointslice.ts';
import type { ObjectMeta, Status } from '../api/meta/v1.ts';
import type { Clock } from '../util/clock.ts';

/** Any API object, seen through its metadata. */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** Where the API server is and who we are to it (a kubeconfig's current context, resolved). */
export interface ClientConfig {
  /** https://127.0.0.1:6443 */
  readonly server: string;
  /** The CA that signed the server's certificate (PEM). */
  readonly caPem?: string;
  readonly token?: string;
  /** Sent as User-Agent; also the default field manager of writes. */
  readonly userAgent?: string;
}

/** An API error answered as a Kubernetes Status. */
export interface ApiErrorShape {
  readonly code: number;
  readonly reason: string;
  readonly status: Status;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface ObjectList<T> {
  readonly items: T[];
  readonly resourceVersion: string;
  readonly continue?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T> {
  readonly type: WatchEventType;
  /** The object; a Status when type is ERROR. */
  readonly object: T;
}

/** A running watch. Iterate its events; the iteration ends when the server closes the stream. */
export interface WatchStream<T> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

/**
 * One resource's REST verbs. `namespace` is ignored for cluster-scoped resources and means
 * "all namespaces" when undefined on list and watch.
 */
export interface ResourceClient<T extends ApiObject> {
  list(namespace: string | undefined, options?: ListOptions): Promise<ObjectList<T>>;
  /** Lists every page (following `continue`) at one resourceVersion. */
  listAll(namespace: string | undefined, options?: ListOptions): Promise<ObjectList<T>>;
  get(namespace: string | undefined, name: string): Promise<T>;
  create(namespace: string | undefined, object: T, options?: WriteOptions): Promise<T>;
  update(object: T, options?: WriteOptions): Promise<T>;
  updateStatus(object: T, options?: WriteOptions): Promise<T>;
  /** PUT to a subresource that replaces the object's part it owns, e.g. namespaces/finalize. */
  updateSubresource(object: T, subresource: 'status' | 'finalize', options?: WriteOptions): Promise<T>;
  patch(
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: WriteOptions & { subresource?: 'status' | 'scale'; force?: boolean },
  ): Promise<T>;
  delete(namespace: string | undefined, name: string, options?: DeleteOptions): Promise<void>;
  /** POST to a subresource such as pods/binding. */
  createSubresource(namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<unknown>;
  watch(namespace: string | undefined, options?: WatchOptions): WatchStream<T>;
}

/** Informer event handlers. Each is called after the cache holds the new state. */
export interface InformerHandlers<T> {
  onAdd?(object: T): void;
  onUpdate?(oldObject: T, newObject: T): void;
  /** The last known state of the object (it may be older than the real last state). */
  onDelete?(object: T): void;
}

/** Maps an object to the values it is indexed under (for example a pod to its node name). */
export type IndexFunction<T> = (object: T) => readonly string[];

/** A read-only view of an informer's cache; keys are `namespace/name` or `name`. */
export interface Lister<T> {
  get(key: string): T | undefined;
  list(): T[];
  byNamespace(namespace: string): T[];
  byIndex(indexName: string, value: string): T[];
}

export interface SharedInformer<T extends ApiObject> {
  readonly lister: Lister<T>;
  addIndex(name: string, index: IndexFunction<T>): void;
  addEventHandler(handlers: InformerHandlers<T>): void;
  /** True once the first list has been applied to the cache and delivered to handlers. */
  hasSynced(): boolean;
  /** Lists then watches until `signal` aborts; re-watches on close, relists on 410. */
  run(signal: AbortSignal): Promise<void>;
}

/** client-go's rate-limited work queue: a key is never handed to two workers at once. */
export interface WorkQueue<K> {
  add(key: K): void;
  addAfter(key: K, ms: number): void;
  addRateLimited(key: K): void;
  forget(key: K): void;
  numRequeues(key: K): number;
  /** Resolves with the next key, or undefined once the queue is shut down and drained. */
  get(): Promise<K | undefined>;
  done(key: K): void;
  shutDown(): void;
  readonly length: number;
}

/** Typed clients for every resource kubesvc serves (implemented by clientset.ts). */
export interface Clientset {
  readonly config: ClientConfig;
  readonly namespaces: ResourceClient<Namespace>;
  readonly pods: ResourceClient<Pod>;
  readonly services: ResourceClient<Service>;
  readonly endpoints: ResourceClient<Endpoints>;
  readonly endpointSlices: ResourceClient<EndpointSlice>;
  readonly nodes: ResourceClient<Node>;
  readonly events: ResourceClient<Event>;
  readonly configMaps: ResourceClient<ConfigMap>;
  readonly secrets: ResourceClient<Secret>;
  readonly replicaSets: ResourceClient<ReplicaSet>;
  readonly deployments: ResourceClient<Deployment>;
  readonly leases: ResourceClient<Lease>;
}

export type ResourceName = Exclude<keyof Clientset, 'config'>;
export type ObjectOf<R extends ResourceName> = Clientset[R] extends ResourceClient<infer T> ? T : never;

/**
 * One shared informer per resource, created on first request (implemented by
 * informer-factory.ts). Components ask for what they need, then `start` runs them all.
 */
export interface InformerFactory {
  informer<R extends ResourceName>(resource: R): SharedInformer<ObjectOf<R>>;
  start(signal: AbortSignal): void;
  /** Resolves once every informer asked for so far has synced (or rejects when aborted). */
  waitForSync(signal: AbortSignal): Promise<void>;
}

/** Records core/v1 Events about an object, the way `kubectl describe` shows them. */
export interface EventRecorder {
  /** Fire and forget: a failure to record is logged, never thrown. Repeats are aggregated (count). */
  event(object: ApiObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** Everything a controller needs, built once by the composition root. */
export interface ControllerContext {
  readonly clientset: Clientset;
  readonly informers: InformerFactory;
  readonly clock: Clock;
  /** An event recorder whose events name `component` as their source. */
  recorder(component: string): EventRecorder;
  readonly log: Logger;
}

/** A controller: registers its informer handlers when constructed; `run` works until aborted. */
export interface Controller {
  readonly name: string;
  run(signal: AbortSignal): Promise<void>;
}
