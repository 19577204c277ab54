// Go's view of strings where it differs from JavaScript's: ordering (Go compares UTF-8 bytes, JS
// UTF-16 units) and integer parsing (strconv.ParseInt). Selectors sort and compare like upstream.

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
export function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n < int64Min || n > int64Max ? undefined : n;
}

/**
 * Go's string order (UTF-8 bytes = code points). JS compares UTF-16 units, which differs only when
 * a surrogate meets a unit at or above U+E000.
 */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
