// The type information server-side apply needs, which is more than strategic merge patch reads:
// whether a member is a declared struct field or a map entry (only map entries and null/empty
// fields are owned as nodes), atomic structs and maps (`x-kubernetes-map-type: atomic`, e.g.
// ServiceSpec.selector, LabelSelector), and defaults of list-map key fields (ServicePort.protocol).
// `applySchemaFromOpenApi` reads all of it from the same generated OpenAPI components as
// `patchSchemaFromOpenApi`; a plain PatchSchema is also accepted and adapted with what can be
// inferred from it (see `toApplySchema`). Anything without a schema is "deduced" as upstream does
// for x-kubernetes-preserve-unknown-fields: maps merge key by key, lists are atomic.
import type { PatchSchema } from '../patch/schema.ts';
import { hasOwn, isJsonObject } from '../patch/json-value.ts';
import type { JsonObject, JsonValue } from '../patch/json-value.ts';

export interface ApplySchema extends PatchSchema {
  field(name: string): ApplySchema | undefined;
  items(): ApplySchema | undefined;
  /** True when `name` is a declared property (a struct field) rather than an entry of a map. */
  declaresField(name: string): boolean;
  /** True when `name` is in the OpenAPI `required` list: a Go field without omitempty. */
  isRequired(name: string): boolean;
  /** Declared properties exist: upstream models this node as a Go struct. */
  readonly isStruct: boolean;
  /** An object here is owned and replaced as a whole. */
  readonly atomicObject: boolean;
  /** OpenAPI `default`, used when a list-map item omits a key field. */
  readonly defaultValue?: JsonValue;
}

/** Unknown content: maps are granular, lists atomic, nothing declared. */
export const deducedSchema: ApplySchema = {
  name: 'deduced',
  field: () => deducedSchema,
  items: () => deducedSchema,
  declaresField: () => false,
  isRequired: () => false,
  isStruct: false,
  atomicObject: false,
};

const REF_PREFIX = '#/components/schemas/';

export function applySchemaFromOpenApi(root: unknown, components: Readonly<Record<string, unknown>>): ApplySchema {
  if (!isJsonObject(root)) throw new TypeError('root schema is not an object');
  return new OpenApiApplySchema(root, components, new WeakMap());
}

/** The ApplySchema of one component, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function applySchemaForComponent(name: string, components: Readonly<Record<string, unknown>>): ApplySchema {
  return applySchemaFromOpenApi({ $ref: `${REF_PREFIX}${name}` }, components);
}

class OpenApiApplySchema implements ApplySchema {
  readonly name: string;
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: string;
  readonly listMapKeys?: readonly string[];
  readonly isStruct: boolean;
  readonly atomicObject: boolean;
  readonly defaultValue?: JsonValue;
  private readonly properties?: JsonObject;
  private readonly additional?: JsonObject;
  private readonly openMembers: boolean;
  private readonly itemsNode?: JsonObject;
  private readonly required: ReadonlySet<string>;

  constructor(
    node: JsonObject,
    private readonly components: Readonly<Record<string, unknown>>,
    private readonly cache: WeakMap<JsonObject, OpenApiApplySchema>,
  ) {
    // Extensions may sit on the referring node (k8s puts them next to an allOf-wrapped $ref) or
    // on the referenced one; the referring node wins, as it describes this particular field.
    const chain = this.resolveChain(node);
    const shape = chain[chain.length - 1] as JsonObject;
    const pick = (key: string): JsonValue | undefined => chain.map((n) => n[key]).find((v) => v !== undefined);
    const text = (key: string) => {
      const v = pick(key);
      return typeof v === 'string' ? v : undefined;
    };
    this.name = chain.map(refName).find((v) => v !== undefined) ?? 'object';
    this.patchStrategy = text('x-kubernetes-patch-strategy');
    this.patchMergeKey = text('x-kubernetes-patch-merge-key');
    this.listType = text('x-kubernetes-list-type');
    const keys = pick('x-kubernetes-list-map-keys');
    if (Array.isArray(keys)) this.listMapKeys = keys.filter((k): k is string => typeof k === 'string');
    const defaultValue = pick('default');
    if (defaultValue !== undefined) this.defaultValue = defaultValue;

    if (isJsonObject(shape['properties'])) this.properties = shape['properties'];
    if (isJsonObject(shape['additionalProperties'])) this.additional = shape['additionalProperties'];
    if (isJsonObject(shape['items'])) this.itemsNode = shape['items'];
    const required = shape['required'];
    this.required = new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
    const preserve = pick('x-kubernetes-preserve-unknown-fields') === true;
    this.openMembers = preserve || shape['additionalProperties'] === true;
    this.isStruct = this.properties !== undefined;
    // Objects with neither properties nor additionalProperties (RawExtension, IntOrString) are
    // "untyped" upstream, which is atomic.
    const untyped = !this.isStruct && !this.additional && !this.openMembers;
    this.atomicObject = text('x-kubernetes-map-type') === 'atomic' || untyped;
  }

  field(name: string): ApplySchema | undefined {
    if (this.properties && hasOwn(this.properties, name)) {
      const node = this.properties[name];
      return isJsonObject(node) ? this.wrap(node) : undefined;
    }
    if (this.additional) return this.wrap(this.additional);
    return this.openMembers ? deducedSchema : undefined;
  }

  items(): ApplySchema | undefined {
    return this.itemsNode ? this.wrap(this.itemsNode) : undefined;
  }

  declaresField(name: string): boolean {
    return this.properties !== undefined && hasOwn(this.properties, name);
  }

  isRequired(name: string): boolean {
    return this.required.has(name);
  }

  private wrap(node: JsonObject): OpenApiApplySchema {
    let schema = this.cache.get(node);
    if (schema === undefined) {
      schema = new OpenApiApplySchema(node, this.components, this.cache);
      this.cache.set(node, schema);
    }
    return schema;
  }

  private resolveChain(node: JsonObject): JsonObject[] {
    const chain = [node];
    const seen = new Set<JsonObject>([node]);
    for (let current = node; ; ) {
      const next = this.referent(current);
      if (next === undefined || seen.has(next)) return chain;
      chain.push(next);
      seen.add(next);
      current = next;
    }
  }

  private referent(node: JsonObject): JsonObject | undefined {
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const name = ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
      const target = name !== undefined && hasOwn(this.components as JsonObject, name) ? this.components[name] : undefined;
      if (!isJsonObject(target)) throw new TypeError(`$ref ${ref} does not resolve to a schema`);
      return target;
    }
    const allOf = node['allOf'];
    if (Array.isArray(allOf) && allOf.length === 1 && node['properties'] === undefined && isJsonObject(allOf[0])) {
      return allOf[0];
    }
    return undefined;
  }
}

function refName(node: JsonObject): string | undefined {
  const ref = node['$ref'];
  return typeof ref === 'string' && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

// A member name no schema declares: a PatchSchema answers it only from additionalProperties or
// an open (preserve-unknown-fields) object, which tells declared fields from map entries.
const PROBE = '\u0000kubesvc-apply-probe';
const adapted = new WeakMap<PatchSchema, ApplySchema>();

/**
 * An ApplySchema view of any PatchSchema. A plain PatchSchema has no map-type or defaults, so
 * atomic structs and maps are treated as granular and list-map keys get only the built-in
 * defaults; pass `applySchemaFromOpenApi` schemas where managedFields must match upstream exactly.
 */
export function toApplySchema(schema: PatchSchema): ApplySchema {
  if (isApplySchema(schema)) return schema;
  let view = adapted.get(schema);
  if (view === undefined) {
    const probe = schema.field(PROBE);
    view = {
      name: schema.name,
      ...(schema.patchStrategy !== undefined ? { patchStrategy: schema.patchStrategy } : {}),
      ...(schema.patchMergeKey !== undefined ? { patchMergeKey: schema.patchMergeKey } : {}),
      ...(schema.listType !== undefined ? { listType: schema.listType } : {}),
      ...(schema.listMapKeys !== undefined ? { listMapKeys: schema.listMapKeys } : {}),
      field: (name) => {
        const child = schema.field(name);
        return child === undefined ? undefined : toApplySchema(child);
      },
      items: () => {
        const items = schema.items();
        return items === undefined ? undefined : toApplySchema(items);
      },
      declaresField: (name) => {
        const child = schema.field(name);
        return child !== undefined && child !== probe;
      },
      isRequired: () => false,
      isStruct: probe === undefined,
      atomicObject: false,
    };
    adapted.set(schema, view);
  }
  return view;
}

function isApplySchema(schema: PatchSchema): schema is ApplySchema {
  return typeof (schema as Partial<ApplySchema>).declaresField === 'function';
}

/** The schema of member `name` of an object typed `schema`; unknown members are deduced. */
export function memberSchema(schema: ApplySchema, name: string): ApplySchema {
  return schema.field(name) ?? deducedSchema;
}

export function itemSchema(schema: ApplySchema): ApplySchema {
  return schema.items() ?? deducedSchema;
}
