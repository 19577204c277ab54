// Lists and watches, with upstream's resourceVersion semantics:
// - A list without limit, or with resourceVersion=0, is served from the watch cache. Without a
//   resourceVersion it is a consistent read: the cache first catches up with the store.
// - A paged list (limit, continue) or resourceVersionMatch=Exact reads one store snapshot, so
//   every page shows the same instant even while writes go on.
// - A watch is served from the watch cache: from a resourceVersion it replays what followed; a
//   version older than the cache's window is answered with 410 Expired.
import type { KubeObject } from '../../api/meta/v1.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import type { FieldSelector, LabelSelector } from '../../api/selectors/index.ts';
import { decodeContinue, encodeContinue } from '../../storage/continue-token.ts';
import { CompactedError, FutureRevisionError, InvalidContinueError } from '../../storage/errors.ts';
import type { Store } from '../../storage/store.ts';
import { badRequest, expired, tooLargeResourceVersion } from '../http/api-error.ts';
import { listedFromStore, type CachedObject, type ListedObject } from '../watch-cache/cached-object.ts';
import type { WatchEventType } from '../watch-cache/resource-cache.ts';
import type { WatchCache } from '../watch-cache/watch-cache.ts';
import { collectionPrefix, objectKey, resourcePrefix } from './keys.ts';
import type { ResourceStrategy } from './strategy.ts';

export interface ListQuery {
  readonly labelSelector: LabelSelector;
  readonly fieldSelector: FieldSelector;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface ListPage {
  readonly items: ListedObject[];
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

export interface WatchSink {
  deliver(type: WatchEventType, object: CachedObject): void;
  /** With sendInitialEvents: the current state has been delivered, as of `revision`. */
  initialEventsEnd?(revision: number): void;
  /** The cache ended the watch (it relisted); the client should re-watch. */
  end(): void;
}

/** How long a read waits for the watch cache to reach a revision before answering otherwise. */
const FRESHNESS_WAIT_MS = 3_000;

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export class ResourceReader {
  private readonly info: ResourceInfo;

  constructor(
    private readonly strategy: ResourceStrategy,
    private readonly store: Store,
    private readonly cache: WatchCache,
  ) {
    this.info = strategy.info;
  }

  /** Whether `object` satisfies the query's label and field selectors. */
  matcher(query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>): (object: KubeObject) => boolean {
    const { labelSelector, fieldSelector } = query;
    if (labelSelector.isEmpty() && fieldSelector.isEmpty()) return () => true;
    return (object) =>
      labelSelector.matches(object.metadata?.labels) &&
      fieldSelector.matches((field) => {
        if (field === 'metadata.name') return object.metadata?.name ?? '';
        if (field === 'metadata.namespace') return object.metadata?.namespace ?? '';
        return this.strategy.fieldValue?.(object, field);
      });
  }

  /** The same test on a cached object: the whole object is parsed only for a kind's own fields. */
  private cachedMatcher(query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>): (object: CachedObject) => boolean {
    const { labelSelector, fieldSelector } = query;
    if (labelSelector.isEmpty() && fieldSelector.isEmpty()) return () => true;
    return (cached) => {
      if (!labelSelector.matches(cached.labels)) return false;
      let object: KubeObject | undefined;
      return fieldSelector.matches((field) => {
        if (field === 'metadata.name') return cached.name;
        if (field === 'metadata.namespace') return cached.namespace;
        object ??= cached.object();
        return this.strategy.fieldValue?.(object, field);
      });
    };
  }

  async list(namespace: string | undefined, query: ListQuery): Promise<ListPage> {
    const rv = query.resourceVersion ?? '';
    // As upstream's cacher: pages come from the store, except at resourceVersion 0, where the
    // cache answers and the limit is not applied.
    const paged = (query.limit ?? 0) > 0 && rv !== '0';
    if (query.continue || query.resourceVersionMatch === 'Exact' || paged) {
      return this.listFromStore(namespace, query);
    }
    if (rv === '') {
      const fresh = await this.cache.waitForRevision(await this.store.currentRevision(), FRESHNESS_WAIT_MS);
      if (!fresh) return this.listFromStore(namespace, query);
    } else if (rv !== '0') {
      await this.awaitCache(parseResourceVersion(rv));
    }
    const items = this.resourceCache().list(collectionPrefix(this.info, namespace), this.cachedMatcher(query));
    return { items, resourceVersion: String(this.cache.revision) };
  }

  /** One snapshot of the store, paged; filtered pages are filled up to `limit` matches. */
  private async listFromStore(namespace: string | undefined, query: ListQuery): Promise<ListPage> {
    const prefix = collectionPrefix(this.info, namespace);
    const matches = this.matcher(query);
    const filtered = !query.labelSelector.isEmpty() || !query.fieldSelector.isEmpty();
    const limit = query.limit ?? 0;
    const items: ListedObject[] = [];
    let token = query.continue;
    const rv = query.resourceVersion ?? '';
    // A page at a resourceVersion without a match rule is an exact read, as upstream's legacy
    // reading of it; NotOlderThan takes the latest, which must have reached the version.
    const exact = query.resourceVersionMatch === 'Exact' || (query.resourceVersionMatch === undefined && rv !== '' && rv !== '0' && !token);
    let revision = exact ? parseResourceVersion(rv) : undefined;
    const notOlderThan = query.resourceVersionMatch === 'NotOlderThan' ? parseResourceVersion(rv) : 0;
    try {
      for (;;) {
        const want = limit === 0 ? 0 : filtered ? Math.max(limit, 500) : limit - items.length;
        const page = await this.store.list(prefix, {
          ...(want ? { limit: want } : {}),
          ...(token ? { continue: token } : revision ? { revision } : {}),
        });
        revision = page.revision;
        if (revision < notOlderThan) throw tooLargeResourceVersion(notOlderThan, revision);
        for (let i = 0; i < page.items.length; i++) {
          const kv = page.items[i]!;
          const item = listedFromStore(kv);
          if (filtered && !matches(item.object())) continue;
          items.push(item);
          if (limit > 0 && items.length === limit) {
            const more = i < page.items.length - 1 || page.continue !== undefined;
            const remaining = !filtered && page.remaining !== undefined ? page.remaining : undefined;
            return {
              items,
              resourceVersion: String(revision),
              ...(more ? { continue: encodeContinue({ revision, afterKey: kv.key }) } : {}),
              ...(more && remaining ? { remainingItemCount: remaining } : {}),
            };
          }
        }
        if (!page.continue) return { items, resourceVersion: String(revision) };
        token = page.continue;
      }
    } catch (error) {
      throw this.readError(error, query);
    }
  }

  /** Starts a watch; resolves to its cancel function, or says the revision has expired (410). */
  async watch(
    namespace: string | undefined,
    query: Pick<ListQuery, 'labelSelector' | 'fieldSelector' | 'resourceVersion'> & { readonly sendInitialEvents?: boolean },
    sink: WatchSink,
  ): Promise<{ cancel(): void } | { expired: string }> {
    const rv = query.resourceVersion ?? '';
    let since: number | undefined;
    if (query.sendInitialEvents === false) {
      // No state first: changes after the revision asked for, or after now.
      since = rv === '' || rv === '0' ? this.cache.revision : parseResourceVersion(rv);
    } else if (rv === '') {
      // The current state, as of the latest revision.
      await this.cache.waitForRevision(await this.store.currentRevision(), FRESHNESS_WAIT_MS);
    } else if (rv !== '0') {
      // WatchList wants the state as of a revision not older than this one; a plain watch, the
      // changes after it.
      if (query.sendInitialEvents) await this.awaitCache(parseResourceVersion(rv));
      else since = parseResourceVersion(rv);
    }
    // A watch from a revision this server has not reached yet (another API server's, say) opens
    // at once, as upstream's does, and sends only the changes after it.
    const after = since ?? 0;
    const started = this.resourceCache().watch(
      {
        keyPrefix: collectionPrefix(this.info, namespace),
        matches: this.cachedMatcher(query),
        deliver: (type, object, revision) => {
          if (revision > after) sink.deliver(type, object);
        },
        end: () => sink.end(),
      },
      since,
    );
    if (started.kind === 'expired') return { expired: `too old resource version: ${since} (${started.oldest})` };
    // Synchronously after the state was delivered, so no change can come between.
    if (query.sendInitialEvents === true) sink.initialEventsEnd?.(this.cache.revision);
    return { cancel: started.cancel };
  }

  /**
   * A GET at a resourceVersion is answered not older than it, as upstream's watch cache does: ""
   * and "0" need no wait; a version the server has not reached yet gets 504 after a short wait.
   */
  async awaitResourceVersion(resourceVersion: string | null): Promise<void> {
    if (!resourceVersion || resourceVersion === '0') return;
    await this.awaitCache(parseResourceVersion(resourceVersion));
  }

  /** One object as the cache has it (no freshness wait): for internal lookups. */
  cachedObject(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.resourceCache().get(objectKey(this.info, namespace, name))?.object();
  }

  private resourceCache() {
    return this.cache.resource(resourcePrefix(this.info));
  }

  private async awaitCache(revision: number): Promise<void> {
    if (!(await this.cache.waitForRevision(revision, FRESHNESS_WAIT_MS))) {
      throw tooLargeResourceVersion(revision, this.cache.revision);
    }
  }

  private readError(error: unknown, query: ListQuery): unknown {
    if (error instanceof CompactedError) {
      if (!query.continue) return expired('The resourceVersion for the provided list is too old.');
      return expired(CONTINUE_EXPIRED, encodeContinue({ revision: undefined, afterKey: decodeContinue(query.continue).afterKey }));
    }
    if (error instanceof FutureRevisionError) {
      return tooLargeResourceVersion(error.requestedRevision, error.currentRevision);
    }
    if (error instanceof InvalidContinueError) return badRequest('continue key is not valid: invalid continue token');
    return error;
  }
}

export function parseResourceVersion(text: string): number {
  if (!/^\d+$/.test(text)) throw badRequest(`resourceVersion: Invalid value: "${text}": must be a non-negative integer`);
  return Number(text);
}
