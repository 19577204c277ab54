// apimachinery's Semantic.DeepEqual on JSON: an absent member, an empty list and an empty map
// are the same value (Go's nil and empty slices and maps compare equal there), and so are an
// absent and an empty string (a Go string field reads "" when the JSON omits it).

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => semanticEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    const l = Object.hasOwn(left, key) ? left[key] : undefined;
    const r = Object.hasOwn(right, key) ? right[key] : undefined;
    if (!semanticEqual(l, r)) return false;
  }
  return true;
}
