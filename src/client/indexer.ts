// client-go's thread-safe store in miniature: objects by key (`namespace/name`, or `name` for
// cluster-scoped ones) plus named indexes kept up to date on every add, update and delete, so
// byIndex answers "all pods on node X" without scanning.
import type { ApiObject, IndexFunction, Lister } from './contract.ts';

export const NAMESPACE_INDEX = 'namespace';

export function objectKey(object: ApiObject): string {
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

export class Indexer<T extends ApiObject> implements Lister<T> {
  private readonly items = new Map<string, T>();
  private readonly indexFunctions = new Map<string, IndexFunction<T>>();
  /** index name → index value → keys of the objects indexed under it. */
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor() {
    this.addIndex(NAMESPACE_INDEX, (object) => (object.metadata?.namespace ? [object.metadata.namespace] : []));
  }

  /** Adds an index; objects already stored are indexed at once. */
  addIndex(name: string, index: IndexFunction<T>): void {
    if (this.indexFunctions.has(name)) throw new Error(`index ${name} already exists`);
    this.indexFunctions.set(name, index);
    const values = new Map<string, Set<string>>();
    this.indexes.set(name, values);
    for (const [key, object] of this.items) addTo(values, index(object), key);
  }

  /** Stores the object under its key and returns what was there before. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const old = this.items.get(key);
    this.items.set(key, object);
    for (const [name, index] of this.indexFunctions) {
      const values = this.indexes.get(name)!;
      if (old) removeFrom(values, index(old), key);
      addTo(values, index(object), key);
    }
    return old;
  }

  /** Removes the object stored under `key` and returns it. */
  remove(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.items.delete(key);
    for (const [name, index] of this.indexFunctions) removeFrom(this.indexes.get(name)!, index(old), key);
    return old;
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  byNamespace(namespace: string): T[] {
    return this.byIndex(NAMESPACE_INDEX, namespace);
  }

  byIndex(indexName: string, value: string): T[] {
    const values = this.indexes.get(indexName);
    if (!values) throw new Error(`no index named ${indexName}`);
    const keys = values.get(value);
    if (!keys) return [];
    // One pass into an array of the right size: this answers for thousands of pods at a time.
    const out = new Array<T>(keys.size);
    let i = 0;
    for (const key of keys) out[i++] = this.items.get(key)!;
    return out;
  }
}

function addTo(values: Map<string, Set<string>>, indexValues: readonly string[], key: string): void {
  for (const value of indexValues) {
    let keys = values.get(value);
    if (!keys) values.set(value, (keys = new Set()));
    keys.add(key);
  }
}

function removeFrom(values: Map<string, Set<string>>, indexValues: readonly string[], key: string): void {
  for (const value of indexValues) {
    const keys = values.get(value);
    if (!keys) continue;
    keys.delete(key);
    if (keys.size === 0) values.delete(value);
  }
}
