// The Swagger 2.0 document as gnostic's `openapi_v2.Document` protobuf, the form kubectl asks
// for. Upstream gets it by parsing its JSON with gnostic (`openapi_v2.ParseDocument`) and
// marshalling the result; here the same mapping is written out: `gnosticDocument` (pure) turns the
// JSON document into message objects, and `encodeSwaggerDocument` writes them once per document.
//
// gnostic's representation, which its readers (kube-openapi's `pkg/util/proto`) rely on:
// - every JSON object with free keys (definitions, properties, paths, responses) is a repeated
//   `Named…` {name, value} message, in the document's key order;
// - vendor extensions (`x-…`) are `NamedAny{name, value: Any{yaml}}`, the value as YAML text,
//   which kube-openapi unmarshals back (`VendorExtensionToMap`); `default`, `enum` and `example`
//   values are `Any{yaml}` too;
// - a schema's `type` is `TypeItem{value: [type]}` and its `items` `ItemsItem{schema: [schema]}`;
//   `additionalProperties` is a oneof of a schema or a boolean;
// - a parameter is a oneof of a body parameter or a non-body one, the latter a oneof by `in`.
import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import { stringify } from 'yaml';
import type { SwaggerDocument } from '../../../api/openapi/index.ts';
import { DOCUMENT, GNOSTIC_PACKAGE, GNOSTIC_TYPES } from './gnostic-schema.ts';

type Json = { [key: string]: unknown };
export type GnosticMessage = { [key: string]: unknown };

let root: protobuf.Root | undefined;

/** The Root holding the gnostic messages, built (and every reference resolved) once. */
export function gnosticRoot(): protobuf.Root {
  if (!root) {
    const built = new protobuf.Root();
    built.define(GNOSTIC_PACKAGE).addJSON(GNOSTIC_TYPES);
    built.resolveAll();
    root = built;
  }
  return root;
}

export function gnosticDocumentType(): Type {
  return gnosticRoot().lookupType(DOCUMENT);
}

const encoded = new WeakMap<SwaggerDocument, Uint8Array>();

/** The protobuf bytes of a document, encoded on first request and kept as long as the document. */
export function encodeSwaggerDocument(document: SwaggerDocument): Uint8Array {
  let bytes = encoded.get(document);
  if (bytes === undefined) {
    bytes = gnosticDocumentType().encode(gnosticDocument(document)).finish();
    encoded.set(document, bytes);
  }
  return bytes;
}

/** The `openapi_v2.Document` message of a Swagger 2.0 document. Pure. */
export function gnosticDocument(doc: SwaggerDocument | Json): GnosticMessage {
  const d = doc as Json;
  const info = asObject(d['info']);
  return compact({
    swagger: d['swagger'],
    info: info && compact({
      title: info['title'],
      version: info['version'],
      description: info['description'],
      termsOfService: info['termsOfService'],
      vendorExtension: vendorExtensions(info),
    }),
    host: d['host'],
    basePath: d['basePath'],
    schemes: d['schemes'],
    consumes: d['consumes'],
    produces: d['produces'],
    paths: mapOf(d['paths'], (paths) => compact({
      vendorExtension: vendorExtensions(paths),
      path: namedEntries(paths, pathItem, (key) => !key.startsWith('x-')),
    })),
    definitions: mapOf(d['definitions'], (defs) => ({ additionalProperties: namedEntries(defs, schema) })),
    security: Array.isArray(d['security']) ? d['security'].map(securityRequirement) : undefined,
    securityDefinitions: mapOf(d['securityDefinitions'], (defs) => ({
      additionalProperties: namedEntries(defs, securityDefinition),
    })),
    vendorExtension: vendorExtensions(d),
  });
}

/** gnostic's Schema message. */
export function schema(s: Json): GnosticMessage {
  const additional = s['additionalProperties'];
  const type = s['type'];
  const items = s['items'];
  return compact({
    ref: s['$ref'],
    format: s['format'],
    title: s['title'],
    description: s['description'],
    default: anyValue(s['default']),
    multipleOf: s['multipleOf'],
    maximum: s['maximum'],
    exclusiveMaximum: s['exclusiveMaximum'],
    minimum: s['minimum'],
    exclusiveMinimum: s['exclusiveMinimum'],
    maxLength: s['maxLength'],
    minLength: s['minLength'],
    pattern: s['pattern'],
    maxItems: s['maxItems'],
    minItems: s['minItems'],
    uniqueItems: s['uniqueItems'],
    maxProperties: s['maxProperties'],
    minProperties: s['minProperties'],
    required: s['required'],
    enum: Array.isArray(s['enum']) ? s['enum'].map((v) => anyValue(v)) : undefined,
    additionalProperties:
      typeof additional === 'boolean' ? { boolean: additional } : mapOf(additional, (a) => ({ schema: schema(a) })),
    type: typeof type === 'string' ? { value: [type] } : Array.isArray(type) ? { value: type } : undefined,
    items: Array.isArray(items)
      ? { schema: items.filter(isObject).map(schema) }
      : mapOf(items, (i) => ({ schema: [schema(i)] })),
    allOf: Array.isArray(s['allOf']) ? s['allOf'].filter(isObject).map(schema) : undefined,
    properties: mapOf(s['properties'], (props) => ({ additionalProperties: namedEntries(props, schema) })),
    discriminator: s['discriminator'],
    readOnly: s['readOnly'],
    example: anyValue(s['example']),
    vendorExtension: vendorExtensions(s),
  });
}

function pathItem(item: Json): GnosticMessage {
  const op = (method: string) => mapOf(item[method], operation);
  return compact({
    ref: item['$ref'],
    get: op('get'),
    put: op('put'),
    post: op('post'),
    delete: op('delete'),
    options: op('options'),
    head: op('head'),
    patch: op('patch'),
    parameters: parameterList(item['parameters']),
    vendorExtension: vendorExtensions(item),
  });
}

function operation(op: Json): GnosticMessage {
  return compact({
    tags: op['tags'],
    summary: op['summary'],
    description: op['description'],
    operationId: op['operationId'],
    produces: op['produces'],
    consumes: op['consumes'],
    parameters: parameterList(op['parameters']),
    responses: mapOf(op['responses'], (responses) => compact({
      responseCode: namedEntries(responses, responseValue, (key) => !key.startsWith('x-')),
      vendorExtension: vendorExtensions(responses),
    })),
    schemes: op['schemes'],
    deprecated: op['deprecated'],
    vendorExtension: vendorExtensions(op),
  });
}

function parameterList(value: unknown): GnosticMessage[] | undefined {
  return Array.isArray(value) ? value.filter(isObject).map(parametersItem) : undefined;
}

function parametersItem(p: Json): GnosticMessage {
  if (typeof p['$ref'] === 'string') return { jsonReference: compact({ ref: p['$ref'], description: p['description'] }) };
  if (p['in'] === 'body') {
    return {
      parameter: {
        bodyParameter: compact({
          description: p['description'],
          name: p['name'],
          in: p['in'],
          required: p['required'],
          schema: mapOf(p['schema'], schema),
          vendorExtension: vendorExtensions(p),
        }),
      },
    };
  }
  const member = NON_BODY_MEMBERS[String(p['in'])] ?? 'queryParameterSubSchema';
  const withEmptyValue = member === 'queryParameterSubSchema' || member === 'formDataParameterSubSchema';
  return {
    parameter: {
      nonBodyParameter: {
        [member]: compact({
          required: p['required'],
          in: p['in'],
          description: p['description'],
          name: p['name'],
          ...(withEmptyValue ? { allowEmptyValue: p['allowEmptyValue'] } : {}),
          ...primitive(p),
        }),
      },
    },
  };
}

const NON_BODY_MEMBERS: Readonly<Record<string, string>> = {
  header: 'headerParameterSubSchema',
  formData: 'formDataParameterSubSchema',
  query: 'queryParameterSubSchema',
  path: 'pathParameterSubSchema',
};

/** The fields a non-body parameter shares with PrimitivesItems. */
function primitive(p: Json): GnosticMessage {
  return compact({
    type: p['type'],
    format: p['format'],
    items: mapOf(p['items'], (items) => primitive(items)),
    collectionFormat: p['collectionFormat'],
    default: anyValue(p['default']),
    maximum: p['maximum'],
    exclusiveMaximum: p['exclusiveMaximum'],
    minimum: p['minimum'],
    exclusiveMinimum: p['exclusiveMinimum'],
    maxLength: p['maxLength'],
    minLength: p['minLength'],
    pattern: p['pattern'],
    maxItems: p['maxItems'],
    minItems: p['minItems'],
    uniqueItems: p['uniqueItems'],
    enum: Array.isArray(p['enum']) ? p['enum'].map((v) => anyValue(v)) : undefined,
    multipleOf: p['multipleOf'],
    vendorExtension: vendorExtensions(p),
  });
}

function responseValue(r: Json): GnosticMessage {
  if (typeof r['$ref'] === 'string') return { jsonReference: compact({ ref: r['$ref'], description: r['description'] }) };
  return {
    response: compact({
      description: r['description'],
      schema: mapOf(r['schema'], (s) => ({ schema: schema(s) })),
      vendorExtension: vendorExtensions(r),
    }),
  };
}

function securityRequirement(requirement: unknown): GnosticMessage {
  const entries = isObject(requirement) ? Object.entries(requirement) : [];
  return { additionalProperties: entries.map(([name, scopes]) => ({ name, value: compact({ value: nonEmpty(scopes) }) })) };
}

function securityDefinition(d: Json): GnosticMessage {
  if (d['type'] === 'basic') {
    return { basicAuthenticationSecurity: compact({ type: d['type'], description: d['description'], vendorExtension: vendorExtensions(d) }) };
  }
  return {
    apiKeySecurity: compact({
      type: d['type'],
      name: d['name'],
      in: d['in'],
      description: d['description'],
      vendorExtension: vendorExtensions(d),
    }),
  };
}

/** `x-…` keys as NamedAny, in key order; undefined when there are none. */
function vendorExtensions(node: Json): GnosticMessage[] | undefined {
  const found = Object.entries(node)
    .filter(([key]) => key.startsWith('x-'))
    .map(([name, value]) => ({ name, value: anyValue(value) }));
  return found.length > 0 ? found : undefined;
}

/** gnostic's Any: the value as YAML, as gnostic's yaml.v3 marshalling writes it. */
function anyValue(value: unknown): GnosticMessage | undefined {
  return value === undefined ? undefined : { yaml: stringify(value) };
}

function namedEntries(object: Json, convert: (value: Json) => GnosticMessage, keep: (key: string) => boolean = () => true): GnosticMessage[] {
  return Object.entries(object)
    .filter(([key, value]) => keep(key) && isObject(value))
    .map(([name, value]) => ({ name, value: convert(value as Json) }));
}

function mapOf<T>(value: unknown, convert: (object: Json) => T): T | undefined {
  return isObject(value) ? convert(value) : undefined;
}

function asObject(value: unknown): Json | undefined {
  return isObject(value) ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): unknown {
  return Array.isArray(value) && value.length > 0 ? value : undefined;
}

/** Drops undefined members, so a message object holds exactly the fields on the wire. */
function compact(message: GnosticMessage): GnosticMessage {
  return Object.fromEntries(Object.entries(message).filter(([, value]) => value !== undefined));
}
