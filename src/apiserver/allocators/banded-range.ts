// The allocation strategy upstream uses for both ClusterIPs and NodePorts: a range of indices
// split at `offset` into a low "static" band and a high "dynamic" band. Automatic allocation
// picks a random free index in the dynamic band (scanning forward and wrapping), and only when
// that band is full falls back to the static band, so values users choose by hand, which
// conventionally come from the static band (DNS at .10, well-known node ports), rarely collide
// with automatic ones. Pure: the caller says which indices are taken.

export interface BandedRange {
  /** Indices are 0 … size-1. */
  readonly size: number;
  /** First index of the dynamic band. */
  readonly offset: number;
}

/** Upstream calculateRangeOffset for service IPs: size/16, clamped to [16, 256]; 0 for tiny ranges. */
export function serviceIPOffset(cidrSize: number): number {
  if (cidrSize <= 16) return 0;
  return Math.min(256, Math.max(16, Math.floor(cidrSize / 16)));
}

/** Upstream calculateRangeOffset for node ports: size/32, clamped to [16, 128]; 0 for tiny ranges. */
export function nodePortOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(128, Math.max(16, Math.floor(size / 32)));
}

/**
 * A free index, preferring the dynamic band; undefined when the range is full.
 * `random()` returns a float in [0, 1) (Math.random in production, seeded in tests).
 */
export function pickFree(range: BandedRange, isTaken: (index: number) => boolean, random: () => number): number | undefined {
  const dynamic = scan(range.offset, range.size - range.offset, isTaken, random);
  if (dynamic !== undefined) return dynamic;
  return scan(0, Math.min(range.offset, range.size), isTaken, random);
}

function scan(from: number, count: number, isTaken: (index: number) => boolean, random: () => number): number | undefined {
  if (count <= 0) return undefined;
  const start = Math.floor(random() * count);
  for (let i = 0; i < count; i++) {
    const index = from + ((start + i) % count);
    if (!isTaken(index)) return index;
  }
  return undefined;
}
