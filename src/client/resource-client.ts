// The REST verbs of one resource, with paths derived from its row in src/api/resources.ts:
// /api/v1/... for the core group, /apis/<group>/<version>/... otherwise, namespaced or not.
import type { ResourceInfo } from '../api/resources.ts';
import { isGone } from './api-error.ts';
import type {
  ApiObject,
  DeleteOptions,
  ListOptions,
  ObjectList,
  PatchType,
  ResourceClient,
  WatchOptions,
  WatchStream,
  WriteOptions,
} from './contract.ts';
import { PATCH_CONTENT_TYPES, type QueryValue, type RestClient } from './rest-client.ts';
import { createWatchStream } from './watch-stream.ts';

/** Page size of listAll when the caller gives none (client-go's pager default). */
const DEFAULT_PAGE_SIZE = 500;
/** How often listAll starts over when its continue token expires mid-way. */
const LIST_ALL_ATTEMPTS = 3;

interface ListBody<T> {
  items?: T[] | null;
  metadata?: { resourceVersion?: string; continue?: string };
}

export class RestResourceClient<T extends ApiObject> implements ResourceClient<T> {
  private readonly groupPath: string;
  private readonly apiVersion: string;

  constructor(
    private readonly rest: RestClient,
    readonly info: ResourceInfo,
  ) {
    this.groupPath = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
    this.apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
  }

  async list(namespace: string | undefined, options: ListOptions = {}): Promise<ObjectList<T>> {
    const body = await this.rest.request<ListBody<T>>({
      method: 'GET',
      path: this.collectionPath(namespace),
      query: { ...options },
    });
    // List items carry no kind/apiVersion on the wire; fill them in so every object says what it is.
    const items = (body.items ?? []).map((item) => ({ apiVersion: this.apiVersion, kind: this.info.kind, ...item }));
    const list: { items: T[]; resourceVersion: string; continue?: string } = {
      items,
      resourceVersion: body.metadata?.resourceVersion ?? '',
    };
    if (body.metadata?.continue) list.continue = body.metadata.continue;
    return list;
  }

  async listAll(namespace: string | undefined, options: ListOptions = {}): Promise<ObjectList<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.listPages(namespace, options);
      } catch (error) {
        // The continue token outlived the server's history: the pages so far are from a
        // revision we can no longer finish, so start over.
        if (!isGone(error) || attempt >= LIST_ALL_ATTEMPTS) throw error;
      }
    }
  }

  private async listPages(namespace: string | undefined, options: ListOptions): Promise<ObjectList<T>> {
    const items: T[] = [];
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    let page = await this.list(namespace, { ...options, limit, continue: undefined });
    const resourceVersion = page.resourceVersion;
    items.push(...page.items);
    // Bounded: a server that hands out continue tokens forever is a bug we refuse to follow.
    for (let pages = 1; page.continue; pages++) {
      if (pages > 100_000) throw new Error(`listing ${this.info.resource}: more than 100000 pages`);
      const { labelSelector, fieldSelector } = options;
      page = await this.list(namespace, { labelSelector, fieldSelector, limit, continue: page.continue });
      items.push(...page.items);
    }
    return { items, resourceVersion };
  }

  get(namespace: string | undefined, name: string): Promise<T> {
    return this.rest.request<T>({ method: 'GET', path: this.objectPath(namespace, name) });
  }

  create(namespace: string | undefined, object: T, options: WriteOptions = {}): Promise<T> {
    return this.rest.request<T>({
      method: 'POST',
      path: this.collectionPath(this.requireNamespace(namespace ?? object.metadata?.namespace)),
      query: this.writeQuery(options),
      body: this.withTypeMeta(object),
    });
  }

  update(object: T, options: WriteOptions = {}): Promise<T> {
    return this.put(object, undefined, options);
  }

  updateStatus(object: T, options: WriteOptions = {}): Promise<T> {
    return this.put(object, 'status', options);
  }

  updateSubresource(object: T, subresource: 'status' | 'finalize', options: WriteOptions = {}): Promise<T> {
    return this.put(object, subresource, options);
  }

  patch(
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions & { subresource?: 'status' | 'scale'; force?: boolean } = {},
  ): Promise<T> {
    return this.rest.request<T>({
      method: 'PATCH',
      path: this.objectPath(namespace, name, options.subresource),
      query: { ...this.writeQuery(options), force: options.force },
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
    });
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<void> {
    await this.rest.request<unknown>({
      method: 'DELETE',
      path: this.objectPath(namespace, name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...options },
    });
  }

  createSubresource(namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<unknown> {
    return this.rest.request<unknown>({ method: 'POST', path: this.objectPath(namespace, name, subresource), body });
  }

  watch(namespace: string | undefined, options: WatchOptions = {}): WatchStream<T> {
    const query: Record<string, QueryValue> = { ...options, watch: true };
    return createWatchStream<T>((signal) =>
      this.rest.stream({ method: 'GET', path: this.collectionPath(namespace), query }, signal),
    );
  }

  private put(object: T, subresource: string | undefined, options: WriteOptions): Promise<T> {
    const name = object.metadata?.name;
    if (!name) throw new Error(`updating a ${this.info.kind}: metadata.name is empty`);
    return this.rest.request<T>({
      method: 'PUT',
      path: this.objectPath(object.metadata?.namespace, name, subresource),
      query: this.writeQuery(options),
      body: this.withTypeMeta(object),
    });
  }

  private writeQuery(options: WriteOptions): Record<string, QueryValue> {
    return {
      fieldManager: options.fieldManager ?? defaultFieldManager(this.rest.userAgent),
      dryRun: options.dryRun ? 'All' : undefined,
    };
  }

  private withTypeMeta(object: T): T {
    return { ...object, apiVersion: object.apiVersion ?? this.apiVersion, kind: object.kind ?? this.info.kind };
  }

  private requireNamespace(namespace: string | undefined): string | undefined {
    if (this.info.namespaced && !namespace) throw new Error(`${this.info.resource} are namespaced: give a namespace`);
    return namespace;
  }

  /** All namespaces when `namespace` is undefined (list, watch). */
  private collectionPath(namespace: string | undefined): string {
    if (!this.info.namespaced || namespace === undefined) return `${this.groupPath}/${this.info.resource}`;
    return `${this.groupPath}/namespaces/${encodeURIComponent(namespace)}/${this.info.resource}`;
  }

  private objectPath(namespace: string | undefined, name: string, subresource?: string): string {
    if (!name) throw new Error(`${this.info.resource}: the object name is empty`);
    const collection = this.collectionPath(this.requireNamespace(namespace));
    return `${collection}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
  }
}

/** What the server itself would derive from the User-Agent: the part before the first '/'. */
function defaultFieldManager(userAgent: string): string {
  return (userAgent.split('/')[0] ?? userAgent).slice(0, 128) || 'kubesvc-client';
}
