// Turns zod's JSON Schema output into the shape upstream's OpenAPI v3 documents have, because
// kubectl reads those documents with expectations of that shape:
// - `explain` prints a field's type from `type`/`format` or the name of the `$ref` it holds, and
//   its "-required-" marker from the parent's `required` list;
// - client-side apply and strategic merge patch read `x-kubernetes-patch-*` next to the field.
// Go types with custom JSON forms (IntOrString, Quantity, Time) are named components upstream,
// so fields of those types become references to them; a `$ref` that carries its own
// description or extensions is wrapped as `allOf: [{$ref}]`, as upstream does.
import { INT_OR_STRING, QUANTITY, TIME, isSchemaObject, refTo } from './refs.ts';
import type { JsonSchema } from './refs.ts';

const FORMAT = 'x-kubesvc-format';
const REQUIRED = 'x-kubesvc-required';
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

/** zod's bounds for `.int()`: noise that upstream's integers do not carry. */
const SAFE_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/** Kubesvc formats that become references to an apimachinery component. */
const FORMAT_COMPONENTS: Readonly<Record<string, string>> = {
  'int-or-string': INT_OR_STRING,
  quantity: QUANTITY,
  'date-time': TIME,
};

/** Keys that describe the field rather than its type, kept when a field becomes a `$ref`. */
function describesField(key: string): boolean {
  return key === 'description' || key === 'default' || key === 'nullable' || key.startsWith('x-kubernetes-');
}

/** Normalizes one generated schema (a component or any node inside one). Pure. */
export function normalizeSchema(node: JsonSchema): JsonSchema {
  let out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === '$schema' || key === FORMAT || key === REQUIRED) continue;
    if (key === 'additionalProperties' && value === false) continue; // Go ignores unknown keys by default
    out[key] = normalizeChild(key, value);
  }
  const required = requiredOf(node);
  if (required.length > 0) out['required'] = required;
  else delete out['required'];

  const format = node[FORMAT];
  if (format === 'int32' || format === 'int64') {
    out['type'] = 'integer';
    out['format'] = format;
  } else if (format === 'byte') {
    out['type'] = 'string';
    out['format'] = 'byte';
  } else if (typeof format === 'string' && FORMAT_COMPONENTS[format] !== undefined) {
    out = referTo(FORMAT_COMPONENTS[format], out);
  }
  if (out['type'] === 'integer') {
    if (SAFE_BOUNDS.has(out['minimum'] as number)) delete out['minimum'];
    if (SAFE_BOUNDS.has(out['maximum'] as number)) delete out['maximum'];
  }
  simplifyObject(out);
  return wrapRef(out);
}

function normalizeChild(key: string, value: unknown): unknown {
  switch (key) {
    case 'properties':
      return isSchemaObject(value)
        ? Object.fromEntries(Object.entries(value).map(([name, prop]) => [name, normalizeNode(prop)]))
        : value;
    case 'items':
    case 'additionalProperties':
    case 'not':
      return normalizeNode(value);
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return Array.isArray(value) ? value.map(normalizeNode) : value;
    default:
      return value; // enum values, defaults, extensions: data, not schemas
  }
}

function normalizeNode(value: unknown): unknown {
  return isSchemaObject(value) ? normalizeSchema(value) : value;
}

/** zod's own `required` (non-optional fields) plus the fields marked with `required()`. */
function requiredOf(node: JsonSchema): string[] {
  const names = Array.isArray(node['required']) ? node['required'].filter((n): n is string => typeof n === 'string') : [];
  const properties = node['properties'];
  if (isSchemaObject(properties)) {
    for (const [name, prop] of Object.entries(properties)) {
      if (isSchemaObject(prop) && prop[REQUIRED] === true) names.push(name);
    }
    // Upstream lists required fields in declaration order.
    const order = Object.keys(properties);
    names.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }
  return [...new Set(names)];
}

/** The field becomes a reference to `id`, keeping only what describes the field itself. */
function referTo(id: string, node: JsonSchema): JsonSchema {
  const out: JsonSchema = refTo(id);
  for (const [key, value] of Object.entries(node)) if (describesField(key)) out[key] = value;
  return out;
}

/**
 * An object that keeps unknown keys: zod writes `properties: {}` and `additionalProperties: {}`.
 * With `x-kubernetes-preserve-unknown-fields` the extension says it all; without it, the node is
 * a map of anything, which upstream spells `additionalProperties: true`.
 */
function simplifyObject(out: JsonSchema): void {
  const properties = out['properties'];
  const emptyProperties = isSchemaObject(properties) && Object.keys(properties).length === 0;
  const additional = out['additionalProperties'];
  const anyValue = additional === true || (isSchemaObject(additional) && Object.keys(additional).length === 0);
  if (out[PRESERVE] === true) {
    if (anyValue) delete out['additionalProperties'];
    if (emptyProperties) delete out['properties'];
    return;
  }
  if (anyValue) out['additionalProperties'] = true;
  if (emptyProperties && anyValue) delete out['properties'];
}

/** `{$ref, …siblings}` → `{allOf: [{$ref}], …siblings}`; `{allOf: [{$ref}]}` alone → `{$ref}`. */
function wrapRef(node: JsonSchema): JsonSchema {
  const { $ref, ...rest } = node;
  if (typeof $ref === 'string') {
    return Object.keys(rest).length === 0 ? node : { allOf: [{ $ref }], ...rest };
  }
  const allOf = node['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1 && Object.keys(node).length === 1) {
    const only: unknown = allOf[0];
    if (isSchemaObject(only) && typeof only['$ref'] === 'string' && Object.keys(only).length === 1) return only;
  }
  return node;
}
