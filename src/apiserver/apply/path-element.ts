// One step of a field path, as structured-merge-diff names them: a struct or map field, a list-map
// item by its key fields, a set item by its value, or (inside atomic lists only) an index. The
// three renderings matter to clients: the fieldsV1 key (`f:app`, `k:{"port":80,"protocol":"TCP"}`,
// `v:"x"`, `i:0`) is stored in managedFields, the human form (`.spec.ports[port=80,protocol="TCP"]`)
// appears in 409 conflict messages, and the order decides how fieldsV1 objects are written.
import { isJsonObject } from '../patch/json-value.ts';
import type { JsonValue } from '../patch/json-value.ts';

export type KeyField = readonly [name: string, value: JsonValue];

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: readonly KeyField[] }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export const fieldElement = (name: string): PathElement => ({ kind: 'field', name });
export const valueElement = (value: JsonValue): PathElement => ({ kind: 'value', value });
export const indexElement = (index: number): PathElement => ({ kind: 'index', index });

/** Key fields are kept sorted by name, as upstream serialises and compares them. */
export function keyElement(fields: readonly KeyField[]): PathElement {
  return { kind: 'key', fields: [...fields].sort(([a], [b]) => compareStrings(a, b)) };
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

/** Upstream's PathElement order: fields < keys < values < indexes, each compared within its kind. */
export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind];
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key':
      return compareKeyFields(a.fields, (b as typeof a).fields);
    case 'value':
      return compareJson(a.value, (b as typeof a).value);
    case 'index':
      return Math.sign(a.index - (b as typeof a).index);
  }
}

function compareKeyFields(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [nameA, valueA] = a[i] as KeyField;
    const [nameB, valueB] = b[i] as KeyField;
    const byName = compareStrings(nameA, nameB);
    if (byName !== 0) return byName;
    const byValue = compareJson(valueA, valueB);
    if (byValue !== 0) return byValue;
  }
  return Math.sign(a.length - b.length);
}

/** structured-merge-diff's total order on values: numbers < strings < booleans < lists < maps < null. */
export function compareJson(a: JsonValue, b: JsonValue): number {
  const rank = (v: JsonValue) =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : v === null ? 5 : 4;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number') return Math.sign(a - (b as number));
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  if (Array.isArray(a)) {
    const other = b as JsonValue[];
    for (let i = 0; i < Math.min(a.length, other.length); i++) {
      const c = compareJson(a[i] as JsonValue, other[i] as JsonValue);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - other.length);
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const fieldsOf = (o: typeof a): KeyField[] =>
      Object.keys(o)
        .sort(compareStrings)
        .map((k) => [k, o[k] as JsonValue]);
    return compareKeyFields(fieldsOf(a), fieldsOf(b));
  }
  return 0;
}

/** Go compares strings bytewise; for the ASCII field names and values of real objects that is code-unit order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Keys of list items and set values, by element: every field inserted beneath an item names
 * the same element again, and elements never change, so each is serialized once.
 */
const serializedElements = new WeakMap<PathElement, string>();

/** The fieldsV1 key of an element. */
export function serializeElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'index':
      return `i:${pe.index}`;
  }
  let key = serializedElements.get(pe);
  if (key === undefined) {
    key =
      pe.kind === 'key'
        ? `k:{${pe.fields.map(([name, value]) => `${goJson(name)}:${goJson(value)}`).join(',')}}`
        : `v:${goJson(pe.value)}`;
    serializedElements.set(pe, key);
  }
  return key;
}

export class FieldsV1Error extends Error {
  override readonly name = 'FieldsV1Error';
}

/**
 * Parses a fieldsV1 key. Unknown prefixes give undefined: upstream drops elements a future
 * version may understand instead of failing the whole entry.
 */
export function parseElement(text: string): PathElement | undefined {
  const prefix = text.slice(0, 2);
  const body = text.slice(2);
  switch (prefix) {
    case 'f:':
      return fieldElement(body);
    case 'i:': {
      const index = Number(body);
      if (!/^\d+$/.test(body) || !Number.isSafeInteger(index)) throw new FieldsV1Error(`invalid index path element ${text}`);
      return indexElement(index);
    }
    case 'v:':
      return valueElement(parseJson(body, text));
    case 'k:': {
      const key = parseJson(body, text);
      if (!isJsonObject(key)) throw new FieldsV1Error(`key path element ${text} is not a JSON object`);
      return keyElement(Object.keys(key).map((name) => [name, key[name] as JsonValue]));
    }
    default:
      return undefined;
  }
}

function parseJson(body: string, whole: string): JsonValue {
  try {
    return JSON.parse(body) as JsonValue;
  } catch {
    throw new FieldsV1Error(`invalid JSON in path element ${whole}`);
  }
}

/** Human form used in conflict messages: `.spec.ports[port=80,protocol="TCP"].targetPort`. */
export function formatPath(path: Path): string {
  return path.map(formatElement).join('');
}

function formatElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([name, value]) => `${name}=${goValueString(value)}`).join(',')}]`;
    case 'value':
      return `[=${goValueString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** structured-merge-diff's value.ToString: strings Go-quoted, lists bracketed, maps as k=v runs. */
function goValueString(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (Array.isArray(value)) return `[${value.map(goValueString).join(',')}]`;
  if (isJsonObject(value)) return Object.keys(value).map((k) => `${k}=${goValueString(value[k] as JsonValue)}`).join('');
  return String(value);
}

/** Go's %q for the strings that occur in keys: escapes quotes, backslashes and control characters. */
export function goQuote(text: string): string {
  const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (named[ch] !== undefined) out += named[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * JSON as Go's encoding/json writes it: map keys sorted, and `<`, `>`, `&`, U+2028 and U+2029
 * escaped. Used where upstream serialises with Go (fieldsV1 keys, the last-applied annotation),
 * so the bytes clients see are the same.
 */
const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;

export function goJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort(compareStrings);
    return `{${keys.map((k) => `${goJson(k)}:${goJson(value[k] as JsonValue)}`).join(',')}}`;
  }
  if (typeof value === 'string') {
    // Go's encoder escapes <, >, & and the JS line separators; most strings have none.
    const json = JSON.stringify(value);
    return HTML_UNSAFE.test(json)
      ? json.replace(HTML_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      : json;
  }
  return JSON.stringify(value);
}
