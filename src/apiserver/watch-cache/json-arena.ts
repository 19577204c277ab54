// Where the watch cache keeps its objects' JSON: packed into large off-heap slabs rather than a
// buffer per object. A buffer of its own costs each object two heap objects (Buffer, ArrayBuffer)
// and a native backing store; at 100k objects that is ~40 MB, and a fifth of all the objects the
// garbage collector traces, whose heap headroom grows with them. A slab is one of each for
// hundreds of objects.
//
// Bytes, once written, never change: a replaced object's bytes stay where they are, because the
// watch history and responses in flight may still read them, and only count as waste. When the
// waste outgrows the live bytes, the owner calls compact() until it is no longer wasteful; each
// call copies what the owner's entries hold out of a few of the sparsest slabs, about 1 MB of
// them (~3 ms with 100k pods; the whole 160 MB in one pass stalled the event loop for ~100 ms),
// after which nothing points into those slabs and the garbage collector frees them.

/** One off-heap buffer that entries are appended to. */
interface Slab {
  readonly bytes: Buffer;
  /** Bytes appended so far; the rest of the slab is free. */
  used: number;
  /** Bytes of the entries appended here that are still live. */
  live: number;
  /** Being emptied by the compaction step in progress. */
  emptying: boolean;
}

/**
 * One run of bytes in an arena. The arena may move it (compact) and never changes it; `live`
 * ends with release().
 */
export class ArenaBytes {
  /** @internal Moved only by JsonArena.compact. */
  slab: Slab;
  /** @internal */
  offset: number;
  readonly length: number;
  /** @internal Set false, once, by JsonArena.release. */
  live = true;

  constructor(arena: JsonArena, text: string) {
    this.length = Buffer.byteLength(text);
    const { slab, offset } = arena.reserve(this.length);
    slab.bytes.write(text, offset, this.length, 'utf8');
    this.slab = slab;
    this.offset = offset;
  }

  /** The bytes, as a view (valid for as long as it is held, whatever the arena does). */
  bytes(): Buffer {
    return this.slab.bytes.subarray(this.offset, this.offset + this.length);
  }

  /** The bytes decoded as UTF-8. */
  text(): string {
    return this.slab.bytes.toString('utf8', this.offset, this.offset + this.length);
  }
}

export interface JsonArenaOptions {
  /** Size of a shared slab; an entry over a quarter of it gets a slab of its own. */
  readonly slabBytes?: number;
  /** Waste below this never calls for compaction, however little is live. */
  readonly minWasteBytes?: number;
  /** Live bytes one compact() call moves at most (it always empties at least one slab). */
  readonly compactionStepBytes?: number;
}

export class JsonArena {
  private readonly slabBytes: number;
  private readonly minWasteBytes: number;
  private readonly compactionStepBytes: number;
  /** The slabs holding live bytes, plus the one being filled. */
  private readonly slabs = new Set<Slab>();
  private current: Slab;
  private heldBytes = 0;
  private liveBytesTotal = 0;
  /** Bytes of released entries the last compaction moved because the owner still held them. */
  private keptWasteBytes = 0;
  /** The slabs the compaction in progress has yet to empty, sparsest first. */
  private compacting: { readonly slabs: Slab[]; next: number } | undefined;

  constructor(options: JsonArenaOptions = {}) {
    this.slabBytes = options.slabBytes ?? 256 * 1024;
    this.minWasteBytes = options.minWasteBytes ?? 4 * 1024 * 1024;
    this.compactionStepBytes = options.compactionStepBytes ?? 1024 * 1024;
    this.current = this.addSlab(this.slabBytes);
  }

  /** Bytes of live entries. */
  get liveBytes(): number {
    return this.liveBytesTotal;
  }

  /** Bytes of the slabs that hold live entries (or are being filled). */
  get slabBytesHeld(): number {
    return this.heldBytes;
  }

  /**
   * Whether compact() has work: a compaction is in progress, or the waste has outgrown the live
   * bytes (and the minimum). Waste that the last compaction had to keep (states the owner still
   * held) does not count, so the next one is due only after as many bytes again have been
   * written: however much the owner holds, each byte written is copied about once.
   */
  get wasteful(): boolean {
    if (this.compacting) return true;
    const waste = this.heldBytes - this.liveBytesTotal - this.keptWasteBytes;
    return waste > this.minWasteBytes && waste > this.liveBytesTotal;
  }

  /** @internal Room for `length` bytes, counted live; for ArenaBytes' constructor. */
  reserve(length: number): { slab: Slab; offset: number } {
    let slab: Slab;
    if (length > this.slabBytes / 4) {
      slab = this.addSlab(length);
    } else {
      if (this.current.used + length > this.current.bytes.length) {
        const full = this.current;
        this.current = this.addSlab(this.slabBytes);
        if (full.live === 0) this.dropSlab(full);
      }
      slab = this.current;
    }
    const offset = slab.used;
    slab.used += length;
    slab.live += length;
    this.liveBytesTotal += length;
    return { slab, offset };
  }

  /** The entry is no longer live: its bytes become waste. Releasing twice is harmless. */
  release(entry: ArenaBytes): void {
    if (!entry.live) return;
    entry.live = false;
    const slab = entry.slab;
    slab.live -= entry.length;
    this.liveBytesTotal -= entry.length;
    if (slab.live === 0 && slab !== this.current) this.dropSlab(slab);
  }

  /**
   * One step of compaction: copies every entry the owner holds out of the next few slabs that
   * were less than half live when this compaction began, so that those slabs can be freed.
   * `forEachHeld` must visit every entry the owner still references, live or not: an entry it
   * misses keeps reading its old slab, which then stays in memory for as long as that entry does.
   */
  compact(forEachHeld: (visit: (entry: ArenaBytes) => void) => void): void {
    if (!this.compacting) {
      const sparse = [...this.slabs].filter((slab) => slab !== this.current && slab.live * 2 < slab.bytes.length);
      this.compacting = { slabs: sparse.sort((a, b) => a.live - b.live), next: 0 };
      this.keptWasteBytes = 0;
    }
    const step = this.nextStep(this.compacting);
    if (this.compacting.next === this.compacting.slabs.length) this.compacting = undefined;
    if (step.length === 0) return;
    for (const slab of step) {
      this.dropSlab(slab);
      slab.emptying = true;
    }
    forEachHeld((entry) => {
      if (!entry.slab.emptying) return;
      const from = entry.slab;
      const { slab, offset } = this.reserve(entry.length);
      from.bytes.copy(slab.bytes, offset, entry.offset, entry.offset + entry.length);
      entry.slab = slab;
      entry.offset = offset;
      // reserve() counted the bytes live again; they were counted already, or are waste.
      this.liveBytesTotal -= entry.length;
      if (!entry.live) {
        slab.live -= entry.length;
        this.keptWasteBytes += entry.length;
      }
    });
  }

  /** The slabs this step empties: still held, and together at most a step's live bytes. */
  private nextStep(compacting: { readonly slabs: Slab[]; next: number }): Slab[] {
    const step: Slab[] = [];
    let moving = 0;
    while (compacting.next < compacting.slabs.length) {
      const slab = compacting.slabs[compacting.next] as Slab;
      if (step.length > 0 && moving + slab.live > this.compactionStepBytes) break;
      compacting.next++;
      if (!this.slabs.has(slab)) continue;
      step.push(slab);
      moving += slab.live;
    }
    return step;
  }

  private addSlab(size: number): Slab {
    const slab: Slab = { bytes: Buffer.allocUnsafeSlow(size), used: 0, live: 0, emptying: false };
    this.slabs.add(slab);
    this.heldBytes += size;
    return slab;
  }

  private dropSlab(slab: Slab): void {
    if (this.slabs.delete(slab)) this.heldBytes -= slab.bytes.length;
  }
}
