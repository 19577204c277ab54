// Deep equality of JSON values. Members whose value is undefined count as absent: objects
// built by spreading carry them, and JSON never would. Only own properties are compared, so a
// "__proto__" key in client data is plain data; the own-member reads below are the ones every
// JSON walk in the server uses for that.

/** Whether `key` is `object`'s own member (also for a "__proto__" key that JSON.parse made one). */
export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** `object[key]` when it is the object's own member, for walks that must not reach the prototype. */
export function ownMember(object: Record<string, unknown>, key: string): unknown {
  return hasOwn(object, key) ? object[key] : undefined;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  return Array.isArray(a) ? arraysEqual(a, b as unknown[]) : objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>);
}

// Both walk without allocating: every update compares whole objects with these.

function arraysEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
  return true;
}

function objectsEqual(left: Record<string, unknown>, right: Record<string, unknown>): boolean {
  let members = 0;
  for (const key in left) {
    if (!hasOwn(left, key) || left[key] === undefined) continue;
    if (!hasOwn(right, key) || !jsonEqual(left[key], right[key])) return false;
    members++;
  }
  for (const key in right) {
    if (hasOwn(right, key) && right[key] !== undefined) members--;
  }
  return members === 0;
}
