// The decoder's view of a schema: the OpenAPI components compiled into the Go types they stand
// for (struct, map, slice, scalar, or one of the types with custom JSON), each with the Go type
// name error messages print. Compiled once per generated schema set and cached; recursive
// types resolve because a struct is cached before its fields are compiled.
import {
  INT_OR_STRING,
  OBJECT_META,
  QUANTITY,
  RAW_EXTENSION,
  TIME,
  isSchemaObject,
  openApiSchemas,
  refId,
} from '../../api/openapi/index.ts';
import type { JsonSchema, OpenApiSchemas } from '../../api/openapi/index.ts';
import { UnknownSchemaError } from './errors.ts';

export interface StructShape {
  readonly kind: 'struct';
  /** `v1.ServicePort`; `struct` for an inline object. */
  readonly goType: string;
  /** reflect.Type.Name(): `ServicePort`, empty for an inline object. */
  readonly goName: string;
  readonly fields: Map<string, Shape>;
  /**
   * Map and slice fields the Go type tags `omitempty` (those the schema does not require): an
   * empty one does not survive a write, since upstream stores and prints the struct without it.
   */
  readonly omitEmpty: Set<string>;
  /** Keys outside `fields`: kept as given (`preserve`), decoded as map values, or unknown. */
  rest?: 'preserve' | Shape;
}
export interface MapShape {
  readonly kind: 'map';
  readonly goType: string;
  readonly values: Shape;
}
export interface ListShape {
  readonly kind: 'list';
  readonly goType: string;
  readonly items: Shape;
}
export interface IntShape {
  readonly kind: 'int';
  readonly goType: 'int32' | 'int64';
}
export interface ScalarShape {
  readonly kind: 'string' | 'bool' | 'float' | 'bytes' | 'time' | 'quantity' | 'intOrString';
  readonly goType: string;
}
export interface UnionShape {
  readonly kind: 'union';
  readonly goType: string;
  readonly options: readonly Shape[];
}
/** interface{}: any JSON; objects inside are still checked for duplicate keys. */
export interface AnyShape {
  readonly kind: 'any';
  readonly goType: 'interface {}';
}
/** x-kubernetes-preserve-unknown-fields: kept byte for byte, never checked. */
export interface PreserveShape {
  readonly kind: 'preserve';
  readonly goType: 'interface {}';
}

export type Shape = StructShape | MapShape | ListShape | IntShape | ScalarShape | UnionShape | AnyShape | PreserveShape;

const ANY: AnyShape = { kind: 'any', goType: 'interface {}' };
const PRESERVE: PreserveShape = { kind: 'preserve', goType: 'interface {}' };

const compilers = new WeakMap<OpenApiSchemas, ShapeCompiler>();

/**
 * The shape of a top-level object of component `id`. Every object carries apiVersion, kind and
 * metadata (ObjectMeta) whatever its schema says, as Go's embedded TypeMeta and ObjectMeta do.
 */
export function rootShape(id: string): StructShape | undefined {
  const schemas = openApiSchemas();
  let compiler = compilers.get(schemas);
  if (compiler === undefined) {
    compiler = new ShapeCompiler(schemas);
    compilers.set(schemas, compiler);
  }
  return compiler.root(id);
}

class ShapeCompiler {
  private readonly byId = new Map<string, Shape>();
  private readonly roots = new Map<string, StructShape>();

  constructor(private readonly schemas: OpenApiSchemas) {}

  root(id: string): StructShape | undefined {
    const cached = this.roots.get(id);
    if (cached) return cached;
    if (this.schemas[id] === undefined) return undefined;
    const base = this.component(id);
    if (base.kind !== 'struct') return undefined;
    const fields = new Map(base.fields);
    for (const typeMeta of ['apiVersion', 'kind']) if (!fields.has(typeMeta)) fields.set(typeMeta, { kind: 'string', goType: 'string' });
    if (!fields.has('metadata')) fields.set('metadata', this.component(OBJECT_META));
    const root: StructShape = { ...base, fields };
    this.roots.set(id, root);
    return root;
  }

  private component(id: string): Shape {
    const cached = this.byId.get(id);
    if (cached) return cached;
    // Types Go (un)marshals by hand, whatever their schema looks like.
    if (id === INT_OR_STRING) return this.remember(id, { kind: 'intOrString', goType: 'intstr.IntOrString' });
    if (id === QUANTITY) return this.remember(id, { kind: 'quantity', goType: 'resource.Quantity' });
    if (id === TIME || id.endsWith('.MicroTime')) return this.remember(id, { kind: 'time', goType: `v1.${lastSegment(id)}` });
    // runtime.RawExtension holds any embedded object as raw JSON.
    if (id === RAW_EXTENSION) return this.remember(id, PRESERVE);
    const schema = this.schemas[id];
    if (schema === undefined) throw new UnknownSchemaError(`no OpenAPI schema ${id}`);
    if (hasProperties(schema) || (isObjectType(schema) && !('additionalProperties' in schema) && schema['x-kubernetes-preserve-unknown-fields'] !== true)) {
      const segments = id.split('.');
      const name = segments[segments.length - 1] ?? id;
      const struct: StructShape = {
        kind: 'struct',
        goType: `${segments[segments.length - 2] ?? ''}.${name}`,
        goName: name,
        fields: new Map(),
        omitEmpty: new Set(),
      };
      this.byId.set(id, struct); // before the fields, so a field of this very type finds it
      this.fillStruct(struct, schema);
      return struct;
    }
    return this.remember(id, this.compile(schema));
  }

  private remember(id: string, shape: Shape): Shape {
    this.byId.set(id, shape);
    return shape;
  }

  private compile(node: JsonSchema): Shape {
    const ref = refId(node['$ref']) ?? singleAllOfRef(node);
    if (ref !== undefined) return node['x-kubernetes-preserve-unknown-fields'] === true ? PRESERVE : this.component(ref);

    if (node['x-kubernetes-preserve-unknown-fields'] === true) {
      if (!hasProperties(node)) return PRESERVE;
      const struct: StructShape = { kind: 'struct', goType: 'struct', goName: '', fields: new Map(), omitEmpty: new Set() };
      this.fillStruct(struct, node);
      return struct;
    }
    const alternatives = node['anyOf'] ?? node['oneOf'];
    if (Array.isArray(alternatives)) {
      const options = alternatives.filter(isSchemaObject).map((option) => this.compile(option));
      return { kind: 'union', goType: options[0]?.goType ?? 'interface {}', options };
    }
    switch (node['type']) {
      case 'object': {
        if (hasProperties(node)) {
          const struct: StructShape = { kind: 'struct', goType: 'struct', goName: '', fields: new Map(), omitEmpty: new Set() };
          this.fillStruct(struct, node);
          return struct;
        }
        const additional = node['additionalProperties'];
        if (additional === undefined) return { kind: 'struct', goType: 'struct', goName: '', fields: new Map(), omitEmpty: new Set() };
        const values = isSchemaObject(additional) && Object.keys(additional).length > 0 ? this.compile(additional) : ANY;
        return { kind: 'map', goType: `map[string]${values.goType}`, values };
      }
      case 'array': {
        const items = isSchemaObject(node['items']) ? this.compile(node['items']) : ANY;
        return { kind: 'list', goType: `[]${items.goType}`, items };
      }
      case 'string':
        if (node['format'] === 'byte') return { kind: 'bytes', goType: '[]uint8' };
        if (node['format'] === 'int-or-string') return { kind: 'intOrString', goType: 'intstr.IntOrString' };
        if (node['format'] === 'date-time') return { kind: 'time', goType: 'v1.Time' };
        return { kind: 'string', goType: 'string' };
      case 'integer':
        return { kind: 'int', goType: node['format'] === 'int32' ? 'int32' : 'int64' };
      case 'number':
        return { kind: 'float', goType: 'float64' };
      case 'boolean':
        return { kind: 'bool', goType: 'bool' };
      default:
        return hasProperties(node) ? this.compile({ ...node, type: 'object' }) : ANY;
    }
  }

  private fillStruct(struct: StructShape, node: JsonSchema): void {
    const properties = node['properties'];
    const required = new Set(Array.isArray(node['required']) ? node['required'] : []);
    if (isSchemaObject(properties)) {
      for (const [name, property] of Object.entries(properties)) {
        if (!isSchemaObject(property)) continue;
        const shape = this.compile(property);
        struct.fields.set(name, shape);
        if ((shape.kind === 'map' || shape.kind === 'list') && !required.has(name)) struct.omitEmpty.add(name);
      }
    }
    const additional = node['additionalProperties'];
    if (node['x-kubernetes-preserve-unknown-fields'] === true) struct.rest = 'preserve';
    else if (additional === true || (isSchemaObject(additional) && Object.keys(additional).length === 0)) struct.rest = ANY;
    else if (isSchemaObject(additional)) struct.rest = this.compile(additional);
  }
}

function hasProperties(node: JsonSchema): boolean {
  return isSchemaObject(node['properties']);
}

function isObjectType(node: JsonSchema): boolean {
  return node['type'] === 'object';
}

function singleAllOfRef(node: JsonSchema): string | undefined {
  const allOf = node['allOf'];
  if (!Array.isArray(allOf) || allOf.length !== 1) return undefined;
  const only: unknown = allOf[0];
  return isSchemaObject(only) ? refId(only['$ref']) : undefined;
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('.') + 1);
}
