// The OpenAPI v3 component schemas rewritten as Swagger 2.0 definitions, the form upstream's
// `/openapi/v2` serves (kube-openapi's `builder` rather than `builder3`). kubectl reads them with
// kube-openapi's `pkg/util/proto` parser, for client-side validation (a `kind: List` file, which
// the server cannot validate) and `explain --output=plaintext-openapiv2`. That parser is strict
// where JSON Schema is not, and one schema it rejects makes kubectl reject the whole document, so
// every rule below keeps the output inside what it accepts:
// - a `$ref` may carry a description and extensions, but no type or properties;
// - an array has exactly one item schema;
// - a type is one of object, array, string, number, integer, boolean — never null, never a list.
import { REF_PREFIX, isSchemaObject } from '../refs.ts';
import type { JsonSchema } from '../refs.ts';

export const DEFINITIONS_PREFIX = '#/definitions/';

/** The keys of a Swagger 2.0 Schema Object (vendor extensions `x-…` aside). */
const SWAGGER_SCHEMA_KEYS = new Set([
  '$ref', 'format', 'title', 'description', 'default', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum',
  'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxProperties',
  'minProperties', 'required', 'enum', 'additionalProperties', 'type', 'items', 'allOf', 'properties', 'readOnly',
  'example',
]);

const PRIMITIVE_TYPES = new Set(['string', 'number', 'integer', 'boolean']);
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

/** Every component as a definition, in the same (sorted) order. Pure. */
export function swaggerDefinitions(schemas: Readonly<Record<string, JsonSchema>>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, toSwaggerSchema(schema)]));
}

/** The `#/definitions/…` form of a `#/components/schemas/…` reference; other refs unchanged. */
export function toDefinitionRef(ref: string): string {
  return ref.startsWith(REF_PREFIX) ? DEFINITIONS_PREFIX + ref.slice(REF_PREFIX.length) : ref;
}

/** One OpenAPI v3 schema (a component, or any node inside one) as a Swagger 2.0 schema. Pure. */
export function toSwaggerSchema(node: JsonSchema): JsonSchema {
  const unwrapped = unwrapRef(node);
  let out: JsonSchema = {};
  for (const [key, value] of Object.entries(unwrapped)) {
    if (key.startsWith('x-')) out[key] = value;
    else if (SWAGGER_SCHEMA_KEYS.has(key)) out[key] = convertChild(key, value);
  }
  if (typeof out['$ref'] === 'string') return refOnly(out);
  out = { ...out, ...swaggerType(unwrapped) };
  if (out['type'] === undefined) delete out['type'];

  // apiextensions' v2 publishing does the same for CRDs: kubectl's validator knows no
  // preserve-unknown-fields, so properties it would check keys against must go, leaving a map of
  // anything (an object without properties) or a value of any type.
  if (out[PRESERVE] === true) {
    delete out['properties'];
    delete out['items'];
    delete out['required'];
  }
  if (out['type'] === 'array' && !isSchemaObject(out['items'])) delete out['type'];
  return out;
}

/**
 * v3 wraps a `$ref` that carries its own description or extensions as `allOf: [{$ref}]` (a v3.0
 * `$ref` ignores its siblings); v2 documents put the `$ref` next to them, as upstream's do.
 */
function unwrapRef(node: JsonSchema): JsonSchema {
  const allOf = node['allOf'];
  if (!Array.isArray(allOf) || allOf.length !== 1) return node;
  const only: unknown = allOf[0];
  if (!isSchemaObject(only) || typeof only['$ref'] !== 'string' || Object.keys(only).length !== 1) return node;
  if (node['type'] !== undefined || node['properties'] !== undefined) return node;
  const { allOf: _allOf, ...rest } = node;
  return { $ref: only['$ref'], ...rest };
}

/** A reference keeps what describes the field; a type or properties next to it would be rejected. */
function refOnly(node: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' || key === 'description' || key === 'default' || key.startsWith('x-')) out[key] = value;
  }
  return out;
}

function convertChild(key: string, value: unknown): unknown {
  switch (key) {
    case '$ref':
      return typeof value === 'string' ? toDefinitionRef(value) : value;
    case 'properties':
      return isSchemaObject(value)
        ? Object.fromEntries(Object.entries(value).map(([name, prop]) => [name, convertNode(prop)]))
        : value;
    case 'items':
      // v2 allows a tuple of item schemas, but kubectl insists on exactly one.
      return Array.isArray(value) ? convertNode(value[0]) : convertNode(value);
    case 'additionalProperties':
      return convertNode(value);
    case 'allOf':
      return Array.isArray(value) ? value.map(convertNode) : value;
    default:
      return value; // enum values, defaults, examples: data, not schemas
  }
}

function convertNode(value: unknown): unknown {
  return isSchemaObject(value) ? toSwaggerSchema(value) : value;
}

/**
 * The one type v2 can state. v2 has no `nullable` (dropped; kubectl skips null values anyway) and
 * no `oneOf`/`anyOf`: alternatives of primitive types become `string` when a string is one of them
 * — upstream's choice for Quantity, whose Go type declares itself a string to v2 and string-or-
 * number to v3 — and otherwise no type at all, which kubectl treats as "any value".
 */
function swaggerType(node: JsonSchema): { type?: string } {
  const type = node['type'];
  if (typeof type === 'string') return type === 'null' ? { type: undefined } : { type };
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== 'null');
    return types.length === 1 && typeof types[0] === 'string' ? { type: types[0] } : { type: undefined };
  }
  const alternatives = [node['oneOf'], node['anyOf']].find(Array.isArray);
  if (alternatives === undefined) return {};
  const types = alternatives.map((a) => (isSchemaObject(a) ? a['type'] : undefined));
  const primitives = types.every((t) => typeof t === 'string' && PRIMITIVE_TYPES.has(t));
  return primitives && types.includes('string') ? { type: 'string' } : {};
}
