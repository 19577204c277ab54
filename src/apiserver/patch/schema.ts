// The patch metadata strategic merge patch needs, behind a small interface so the engine does not
// care where it comes from. Upstream reads it from Go struct tags (`patchStrategy`,
// `patchMergeKey`) or, equivalently, from the OpenAPI extensions `x-kubernetes-patch-strategy` /
// `x-kubernetes-patch-merge-key` on the *field's* schema (the array schema for a list, the
// property for a struct field). The apiserver generates OpenAPI v3 schemas for every kind it
// serves, so `patchSchemaFromOpenApi` walks those. Kinds without a schema use
// `unknownPatchSchema`: no metadata anywhere, so maps merge and lists are replaced.
import { PatchSchemaError } from './errors.ts';

export interface PatchSchema {
  /** Schema of an object member (a property, or the `additionalProperties` of a map). */
  field(name: string): PatchSchema | undefined;
  /** Schema of the elements of an array. */
  items(): PatchSchema | undefined;
  /** Name used in error messages. */
  readonly name: string;
  /** Raw `x-kubernetes-patch-strategy`: "merge", "retainKeys", "merge,retainKeys", "replace". */
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  /** Server-side-apply metadata, carried for the apply engine; SMP ignores it as upstream does. */
  readonly listType?: string;
  readonly listMapKeys?: readonly string[];
}

export const unknownPatchSchema: PatchSchema = {
  name: 'unknown',
  field: () => unknownPatchSchema,
  items: () => unknownPatchSchema,
};

type SchemaNode = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

/**
 * A PatchSchema over OpenAPI v3 JSON Schemas. `root` is the kind's schema (or a `$ref` to it);
 * `components` is the document's `components.schemas`. `$ref` and `allOf` are resolved lazily,
 * so recursive schemas (JSONSchemaProps) cost nothing until a patch walks into them.
 */
export function patchSchemaFromOpenApi(root: unknown, components: Readonly<Record<string, unknown>>): PatchSchema {
  return new OpenApiPatchSchema(asNode(root, 'root schema'), components, new WeakMap());
}

/** The PatchSchema of one component, e.g. `io.k8s.api.core.v1.Pod`. */
export function patchSchemaForComponent(name: string, components: Readonly<Record<string, unknown>>): PatchSchema {
  return patchSchemaFromOpenApi({ $ref: `${REF_PREFIX}${name}` }, components);
}

class OpenApiPatchSchema implements PatchSchema {
  readonly name: string;
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: string;
  readonly listMapKeys?: readonly string[];
  /** The node with its `$ref`/`allOf` chain followed: where properties and items live. */
  private readonly shape: SchemaNode;

  constructor(
    node: SchemaNode,
    private readonly components: Readonly<Record<string, unknown>>,
    private readonly cache: WeakMap<SchemaNode, OpenApiPatchSchema>,
  ) {
    // Extensions may sit on the referring node (k8s puts them next to `allOf: [{$ref}]`) or on
    // the referenced one; the referring node wins, as it describes this particular field.
    const chain = this.resolveChain(node);
    this.shape = chain[chain.length - 1] as SchemaNode;
    const pick = (key: string): unknown => chain.map((n) => n[key]).find((v) => v !== undefined);
    this.name = chain.map((n) => refName(n)).find((v) => v !== undefined) ?? 'object';
    this.patchStrategy = stringOrUndefined(pick('x-kubernetes-patch-strategy'));
    this.patchMergeKey = stringOrUndefined(pick('x-kubernetes-patch-merge-key'));
    this.listType = stringOrUndefined(pick('x-kubernetes-list-type'));
    const keys = pick('x-kubernetes-list-map-keys');
    if (Array.isArray(keys)) this.listMapKeys = keys.filter((k): k is string => typeof k === 'string');
  }

  field(name: string): PatchSchema | undefined {
    const properties = this.shape['properties'];
    if (isNode(properties) && Object.prototype.hasOwnProperty.call(properties, name)) {
      return this.wrap(asNode(properties[name], `property ${name} of ${this.name}`));
    }
    const additional = this.shape['additionalProperties'];
    if (isNode(additional)) return this.wrap(additional);
    if (additional === true || this.shape['x-kubernetes-preserve-unknown-fields'] === true) {
      return unknownPatchSchema;
    }
    return undefined;
  }

  items(): PatchSchema | undefined {
    const items = this.shape['items'];
    return isNode(items) ? this.wrap(items) : undefined;
  }

  private wrap(node: SchemaNode): OpenApiPatchSchema {
    let schema = this.cache.get(node);
    if (schema === undefined) {
      schema = new OpenApiPatchSchema(node, this.components, this.cache);
      this.cache.set(node, schema);
    }
    return schema;
  }

  /** [node, …what it refers to]; the last element carries the structure. */
  private resolveChain(node: SchemaNode): SchemaNode[] {
    const chain = [node];
    const seen = new Set<SchemaNode>([node]);
    let current = node;
    while (true) {
      const next = this.referent(current);
      if (next === undefined || seen.has(next)) return chain;
      chain.push(next);
      seen.add(next);
      current = next;
    }
  }

  private referent(node: SchemaNode): SchemaNode | undefined {
    const ref = node['$ref'];
    if (typeof ref === 'string') return this.lookup(ref);
    const allOf = node['allOf'];
    // k8s wraps a single $ref in allOf to attach a description/default next to it.
    if (Array.isArray(allOf) && allOf.length === 1 && node['properties'] === undefined) {
      return asNode(allOf[0], 'allOf member');
    }
    return undefined;
  }

  private lookup(ref: string): SchemaNode {
    if (!ref.startsWith(REF_PREFIX)) throw new PatchSchemaError(`unsupported $ref ${ref}`);
    const name = ref.slice(REF_PREFIX.length);
    const target = Object.prototype.hasOwnProperty.call(this.components, name) ? this.components[name] : undefined;
    if (!isNode(target)) throw new PatchSchemaError(`$ref ${ref} does not resolve to a schema`);
    return target;
  }
}

function refName(node: SchemaNode): string | undefined {
  const ref = node['$ref'];
  return typeof ref === 'string' && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asNode(value: unknown, what: string): SchemaNode {
  if (!isNode(value)) throw new PatchSchemaError(`${what} is not a schema object`);
  return value;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
