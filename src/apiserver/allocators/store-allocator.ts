// One allocation range (service IPs or node ports) whose allocations are keys in the store:
// `<prefix><value>` holds the owner. Taking a value is a store `create`, which fails if the key
// exists, so two API servers sharing one etcd can never hand out the same value, and a restart
// finds every allocation where it was (as upstream's IPAddress objects do for service IPs).
//
// The in-memory set of taken values is a hint that makes picking fast; the store decides.
import { AlreadyExistsError, NotFoundError } from '../../storage/errors.ts';
import type { Store } from '../../storage/store.ts';
import { pickFree, type BandedRange } from './banded-range.ts';

export interface Codec {
  /** The range index of a value, or undefined when the value is outside the range. */
  indexOf(value: string): number | undefined;
  valueAt(index: number): string;
}

export type AllocateResult = { ok: true } | { ok: false; reason: 'taken' | 'out-of-range' };

export class StoreAllocator {
  private readonly taken = new Set<number>();

  constructor(
    private readonly store: Store,
    private readonly prefix: string,
    readonly range: BandedRange,
    private readonly codec: Codec,
    private readonly random: () => number = Math.random,
  ) {}

  /** Loads the allocations the store holds (at startup). */
  async load(): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await this.store.list(this.prefix, { limit: 5000, ...(token ? { continue: token } : {}) });
      for (const kv of page.items) {
        const value = kv.key.slice(this.prefix.length);
        const index = this.codec.indexOf(value);
        if (index !== undefined) this.taken.add(index);
        owners.set(value, kv.value);
      }
      token = page.continue;
    } while (token);
    return owners;
  }

  /** Takes a specific value for `owner`. Taking a value the same owner already holds succeeds. */
  async allocate(value: string, owner: string): Promise<AllocateResult> {
    const index = this.codec.indexOf(value);
    if (index === undefined) return { ok: false, reason: 'out-of-range' };
    try {
      await this.store.create(this.prefix + value, owner);
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      this.taken.add(index);
      const holder = await this.store.get(this.prefix + value);
      return holder?.value === owner ? { ok: true } : { ok: false, reason: 'taken' };
    }
    this.taken.add(index);
    return { ok: true };
  }

  /** Takes a free value for `owner`, preferring the dynamic band; undefined when the range is full. */
  async allocateNext(owner: string): Promise<string | undefined> {
    for (let attempts = 0; attempts <= this.range.size; attempts++) {
      const index = pickFree(this.range, (i) => this.taken.has(i), this.random);
      if (index === undefined) return undefined;
      const value = this.codec.valueAt(index);
      if ((await this.allocate(value, owner)).ok) return value;
      // Another API server took it since our last look: now marked taken, try again.
    }
    return undefined;
  }

  /** Gives a value back. Releasing a value nobody holds is a no-op. */
  async release(value: string): Promise<void> {
    const index = this.codec.indexOf(value);
    try {
      await this.store.delete(this.prefix + value);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    if (index !== undefined) this.taken.delete(index);
  }
}
