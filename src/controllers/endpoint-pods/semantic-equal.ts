// apimachinery's Semantic.DeepEqual on JSON: an absent member, an empty list and an empty map
// are the same value (Go's nil and empty slices and maps compare equal there), and so are an
// absent and an empty string (a Go string field reads "" when the JSON omits it).
import { ownMember } from '../../util/json-equal.ts';

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object') return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Walked without collecting the keys: controllers compare every object they reconcile.
  for (const key in left) if (Object.hasOwn(left, key) && !semanticEqual(left[key], ownMember(right, key))) return false;
  for (const key in right) if (Object.hasOwn(right, key) && !Object.hasOwn(left, key) && !isEmpty(right[key])) return false;
  return true;
}
