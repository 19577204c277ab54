// Plain JSON values and the few operations the patch engines need on them. Patches arrive as
// parsed request bodies, so every read of an object key goes through `getOwn`/`hasOwn`: a body
// may carry a "__proto__" key, which must stay an ordinary own property, never reach the
// prototype chain.
import { cloneJson } from '../../api/json-clone.ts';
import { hasOwn, jsonEqual, ownMember } from '../../util/json-equal.ts';

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** The JSON kind of a value; two values of different kinds never merge. */
export type JsonKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function kindOf(value: JsonValue): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'number' | 'string' | 'object';
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { hasOwn };

export function getOwn(object: JsonObject, key: string): JsonValue | undefined {
  return ownMember(object, key) as JsonValue | undefined;
}

/** Sets an own property, also for the key "__proto__" (plain assignment would set the prototype). */
export function setOwn(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** A deep copy; the server's one JSON copier (`__proto__` stays an own member there too). */
export function deepClone<T extends JsonValue>(value: T): T {
  return cloneJson(value);
}

/** Deep equality of JSON values (one implementation for the whole server). */
export function deepEqual(a: JsonValue, b: JsonValue): boolean {
  return jsonEqual(a, b);
}

/**
 * Formats a value the way Go's `%v` prints decoded JSON (`map[a:1 b:[x y]]`, `<nil>`), because
 * kube-apiserver passes several strategic-merge-patch error texts through verbatim and clients
 * may match on them.
 */
export function formatGo(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map((item) => formatGo(item)).join(' ')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${formatGo(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** Go's reflect type name for a decoded JSON value, as used in upstream "expected a X" errors. */
export function goTypeName(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '<nil>';
  switch (kindOf(value)) {
    case 'array':
      return '[]interface {}';
    case 'object':
      return 'map[string]interface {}';
    case 'number':
      return Number.isInteger(value) ? 'int64' : 'float64';
    default:
      return typeof value;
  }
}
