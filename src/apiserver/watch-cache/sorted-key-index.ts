// The keys of one resource kept in order and grouped by namespace, so that a list of one
// namespace reads only that namespace's keys, and no list sorts: every change inserts or
// removes one key by binary search.
//
// Groups are ordered by their prefix (`…/pods/<namespace>/`). Because no namespace contains a
// '/', no group prefix is a prefix of another, so walking the groups in prefix order and each
// group's keys in order yields every key in plain string order.

export class SortedKeyIndex {
  private readonly groups = new Map<string, string[]>();
  /** Group prefixes in order; rebuilt only when a namespace appears or empties. */
  private order: string[] | undefined;

  constructor(private readonly prefix: string) {}

  clear(): void {
    this.groups.clear();
    this.order = undefined;
  }

  add(key: string): void {
    const group = this.groupOf(key);
    let keys = this.groups.get(group);
    if (!keys) {
      keys = [];
      this.groups.set(group, keys);
      this.order = undefined;
    }
    const at = lowerBound(keys, key);
    if (keys[at] !== key) keys.splice(at, 0, key);
  }

  remove(key: string): void {
    const group = this.groupOf(key);
    const keys = this.groups.get(group);
    if (!keys) return;
    const at = lowerBound(keys, key);
    if (keys[at] === key) keys.splice(at, 1);
    if (keys.length === 0) {
      this.groups.delete(group);
      this.order = undefined;
    }
  }

  /** Every key that starts with `keyPrefix`, in string order. */
  *keysUnder(keyPrefix: string): Generator<string> {
    const own = this.groups.get(keyPrefix);
    if (own && keyPrefix !== this.prefix) {
      yield* own;
      return;
    }
    for (const group of this.sortedGroups()) {
      const keys = this.groups.get(group) as string[];
      if (group.startsWith(keyPrefix)) yield* keys;
      else if (keyPrefix.startsWith(group)) {
        for (const key of keys) if (key.startsWith(keyPrefix)) yield key;
      }
    }
  }

  /**
   * A namespaced key's group is its namespace's prefix; a cluster-scoped key (no '/' after the
   * resource prefix) belongs to the resource prefix itself.
   */
  private groupOf(key: string): string {
    const slash = key.indexOf('/', this.prefix.length);
    return slash < 0 ? this.prefix : key.slice(0, slash + 1);
  }

  private sortedGroups(): string[] {
    this.order ??= [...this.groups.keys()].sort();
    return this.order;
  }
}

/** The first index whose key is not less than `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] as string) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}
