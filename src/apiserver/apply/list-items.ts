// How a list's items are identified, which decides how it merges and how it is owned: atomic
// lists are one leaf; sets (x-kubernetes-list-type: set) name items by value; list-maps name them
// by their key fields. Lists without x-kubernetes-list-type fall back to the strategic-merge
// metadata exactly as upstream's OpenAPI-to-SSA conversion does (`merge` + merge key → map,
// `merge` alone → set, anything else → atomic).
import type { JsonValue } from '../patch/json-value.ts';
import { isJsonObject } from '../patch/json-value.ts';
import type { ApplySchema } from './apply-schema.ts';
import { formatPath, indexElement, keyElement, serializeElement, valueElement } from './path-element.ts';
import type { KeyField, Path, PathElement } from './path-element.ts';

export type ListShape =
  | { readonly kind: 'atomic' }
  | { readonly kind: 'set' }
  | { readonly kind: 'map'; readonly keys: readonly string[] };

const ATOMIC: ListShape = { kind: 'atomic' };
const SET: ListShape = { kind: 'set' };

export function listShapeOf(schema: ApplySchema): ListShape {
  switch (schema.listType) {
    case 'atomic':
      return ATOMIC;
    case 'set':
      return SET;
    case 'map':
      return schema.listMapKeys && schema.listMapKeys.length > 0 ? { kind: 'map', keys: schema.listMapKeys } : ATOMIC;
    case undefined:
      break;
    default:
      return ATOMIC;
  }
  if (schema.patchStrategy === 'merge' || schema.patchStrategy === 'merge,retainKeys') {
    return schema.patchMergeKey ? { kind: 'map', keys: [schema.patchMergeKey] } : SET;
  }
  return ATOMIC;
}

// Key fields Kubernetes defaults, for schemas that do not carry OpenAPI `default`s: every
// list-map of the served kinds keyed by `protocol` (ServicePort, ContainerPort, EndpointPort)
// defaults it to TCP, which is what lets `ports: [{port: 80}]` be applied at all.
const KEY_DEFAULTS: Readonly<Record<string, JsonValue>> = { protocol: 'TCP' };

/** One problem with an object's shape, reported as upstream's typed-value validation does. */
export interface ValidationProblem {
  readonly path: Path;
  readonly message: string;
}

export function formatProblems(problems: readonly ValidationProblem[]): string {
  const render = (p: ValidationProblem) => `${formatPath(p.path)}: ${p.message}`;
  if (problems.length === 1) return render(problems[0] as ValidationProblem);
  return ['errors:', ...problems.map((p) => `  ${render(p)}`)].join('\n');
}

export interface IndexedItem {
  readonly element: PathElement;
  readonly item: JsonValue;
}

/**
 * Names every item of a list. With `problems` (the applied configuration) malformed or
 * duplicated items are reported and skipped; without it (stored objects, which upstream also
 * reads leniently) a missing key field is left out of the key and later duplicates are kept
 * under the same name, so nothing stored is ever dropped.
 */
export function indexItems(
  list: readonly JsonValue[],
  shape: ListShape,
  items: ApplySchema,
  path: Path,
  problems?: ValidationProblem[],
): IndexedItem[] {
  const out: IndexedItem[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const result = itemElement(shape, items, item, index, problems !== undefined);
    if (typeof result === 'string') {
      problems?.push({ path, message: `element ${index}: ${result}` });
      return;
    }
    const name = serializeElement(result);
    if (seen.has(name) && problems) {
      problems.push({ path, message: `duplicate entries for key ${formatPath([result])}` });
      return;
    }
    seen.add(name);
    out.push({ element: result, item });
  });
  return out;
}

/** The element naming one item, or the upstream error text when `strict` and it cannot be named. */
function itemElement(shape: ListShape, items: ApplySchema, item: JsonValue, index: number, strict: boolean): PathElement | string {
  if (shape.kind === 'atomic') return indexElement(index);
  if (shape.kind === 'set') {
    if (!strict) return valueElement(item);
    if (isJsonObject(item)) return "associative list without keys has an element that's a map type";
    if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
    if (item === null) return "associative list without keys has an element that's an explicit null";
    return valueElement(item);
  }
  if (!isJsonObject(item)) {
    if (!strict) return indexElement(index);
    return item === null ? 'associative list with keys may not have a null element' : 'associative list with keys may not have non-map elements';
  }
  const fields: KeyField[] = [];
  for (const key of shape.keys) {
    const value = Object.prototype.hasOwnProperty.call(item, key) ? item[key] : (items.field(key)?.defaultValue ?? KEY_DEFAULTS[key]);
    if (value !== undefined) fields.push([key, value]);
    else if (strict) return `associative list with keys has an element that omits key field "${key}" (and doesn't have default value)`;
  }
  return keyElement(fields);
}
