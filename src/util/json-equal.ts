// Deep equality of JSON values. Members whose value is undefined count as absent: objects
// built by spreading carry them, and JSON never would. Only own properties are compared, so a
// "__proto__" key in client data is plain data.

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((k) => left[k] !== undefined);
  const rightKeys = Object.keys(right).filter((k) => right[k] !== undefined);
  return leftKeys.length === rightKeys.length && leftKeys.every((k) => hasOwn(right, k) && jsonEqual(left[k], right[k]));
}
