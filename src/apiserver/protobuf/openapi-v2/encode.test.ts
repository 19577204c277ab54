import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { parse } from 'yaml';
import { swaggerDocument } from '../../../api/openapi/index.ts';
import { GNOSTIC_PACKAGE, GNOSTIC_TYPES } from './gnostic-schema.ts';
import { encodeSwaggerDocument, gnosticDocument, gnosticDocumentType, gnosticRoot } from './encode.ts';

type Fields = Map<number, Array<number | Uint8Array>>;

/**
 * A protobuf reader that knows nothing of the descriptors: field number → values (varints as
 * numbers, length-delimited fields as bytes). The assertions that use it spell the field numbers
 * of google/gnostic's OpenAPIv2.proto themselves, so a wrong number in the descriptors shows.
 */
function wireFields(bytes: Uint8Array): Fields {
  const reader = protobuf.Reader.create(bytes);
  const fields: Fields = new Map();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const value = (tag & 7) === 2 ? reader.bytes() : (tag & 7) === 0 ? reader.uint32() : (reader.skipType(tag & 7), 0);
    fields.set(tag >>> 3, [...(fields.get(tag >>> 3) ?? []), value]);
  }
  return fields;
}

const text = (value: number | Uint8Array | undefined) => Buffer.from(value as Uint8Array).toString();
const sub = (fields: Fields, n: number, i = 0) => wireFields(fields.get(n)?.[i] as Uint8Array);

/** NamedX entries (name = 1, value = 2) of a repeated field, by name. */
function named(fields: Fields, n: number): Map<string, Fields> {
  return new Map((fields.get(n) ?? []).map((entry) => {
    const e = wireFields(entry as Uint8Array);
    return [text(e.get(1)?.[0]), wireFields((e.get(2)?.[0] as Uint8Array) ?? new Uint8Array())];
  }));
}

describe('gnostic openapi.v2 descriptors', () => {
  it('resolve into one Root, each field number used once per message', () => {
    const root = gnosticRoot();
    for (const name of Object.keys(GNOSTIC_TYPES)) {
      const type = root.lookupType(`${GNOSTIC_PACKAGE}.${name}`);
      for (const field of type.fieldsArray) field.resolve();
      const ids = type.fieldsArray.map((f) => f.id);
      assert.equal(new Set(ids).size, ids.length, name);
    }
  });
});

describe('encodeSwaggerDocument', () => {
  const doc = swaggerDocument();
  const bytes = encodeSwaggerDocument(doc);

  it('round-trips: decoding the bytes gives back exactly the message that was encoded', () => {
    const type = gnosticDocumentType();
    const decoded = type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: false, oneofs: false });
    assert.deepEqual(decoded, gnosticDocument(doc));
  });

  it('puts each part of the document under gnostic\'s field numbers', () => {
    const document = wireFields(bytes);
    assert.equal(text(document.get(1)?.[0]), '2.0'); // swagger
    const info = sub(document, 2);
    assert.equal(text(info.get(1)?.[0]), 'Kubernetes'); // Info.title
    assert.equal(text(info.get(2)?.[0]), 'v1.32.0'); // Info.version

    // definitions = 9 → Definitions.additional_properties = 1 → NamedSchema
    const definitions = named(sub(document, 9), 1);
    assert.equal(definitions.size, Object.keys(doc.definitions).length);
    const service = definitions.get('io.k8s.api.core.v1.Service');
    assert.ok(service);
    // Schema.vendor_extension = 31 → NamedAny{name, value: Any{yaml = 2}}
    const gvk = named(service, 31).get('x-kubernetes-group-version-kind');
    assert.deepEqual(parse(text(gvk?.get(2)?.[0])), [{ group: '', kind: 'Service', version: 'v1' }]);
    // Schema.type = 22 → TypeItem.value = 1
    assert.equal(text(sub(service, 22).get(1)?.[0]), 'object');

    const spec = named(sub(definitions.get('io.k8s.api.core.v1.ServiceSpec') as Fields, 25), 1); // properties = 25
    const ports = spec.get('ports') as Fields;
    assert.equal(text(sub(ports, 22).get(1)?.[0]), 'array');
    const item = sub(sub(ports, 23), 1); // items = 23 → ItemsItem.schema = 1
    assert.equal(text(item.get(1)?.[0]), '#/definitions/io.k8s.api.core.v1.ServicePort'); // Schema._ref = 1
    const extensions = named(ports, 31);
    assert.equal(parse(text(extensions.get('x-kubernetes-patch-merge-key')?.get(2)?.[0])), 'port');
    assert.deepEqual(parse(text(extensions.get('x-kubernetes-list-map-keys')?.get(2)?.[0])), ['port', 'protocol']);

    const port = definitions.get('io.k8s.api.core.v1.ServicePort') as Fields;
    assert.deepEqual((port.get(19) ?? []).map(text), ['port']); // required = 19
    const selector = spec.get('selector') as Fields;
    // additionalProperties = 21 → AdditionalPropertiesItem.schema = 1 → type = 22 → value = 1
    assert.equal(text(sub(sub(sub(selector, 21), 1), 22).get(1)?.[0]), 'string');
  });

  it('writes the PATCH operation with its query parameters and GVK, as the v2 query-param verifier reads them', () => {
    // paths = 8 → Paths.path = 2 → NamedPathItem → PathItem.patch = 8 → Operation
    const item = named(sub(wireFields(bytes), 8), 2).get('/api/v1/namespaces/{namespace}/services/{name}') as Fields;
    const patch = sub(item, 8);
    const gvk = named(patch, 13).get('x-kubernetes-group-version-kind'); // Operation.vendor_extension = 13
    assert.deepEqual(parse(text(gvk?.get(2)?.[0])), { group: '', kind: 'Service', version: 'v1' });
    // parameters = 8 → ParametersItem.parameter = 1 → Parameter.non_body_parameter = 2
    //   → NonBodyParameter.query_parameter_sub_schema = 3 → name = 4
    const names = (patch.get(8) ?? []).map((p) => {
      const parameter = sub(wireFields(p as Uint8Array), 1);
      const query = parameter.has(2) ? sub(sub(parameter, 2), 3) : undefined;
      return query ? text(query.get(4)?.[0]) : `body:${text(sub(parameter, 1).get(2)?.[0])}`; // BodyParameter.name = 2
    });
    assert.deepEqual(names, ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'body:body']);
  });

  it('maps schemas field by field, additionalProperties true as the boolean member', () => {
    const message = gnosticDocument({
      swagger: '2.0',
      definitions: {
        X: {
          type: 'object',
          description: 'd',
          properties: { a: { type: 'integer', format: 'int32', minimum: 1, default: 3, enum: [1, 2] } },
          additionalProperties: true,
          required: ['a'],
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    });
    assert.deepEqual(message, {
      swagger: '2.0',
      definitions: {
        additionalProperties: [{
          name: 'X',
          value: {
            description: 'd',
            required: ['a'],
            additionalProperties: { boolean: true },
            type: { value: ['object'] },
            properties: {
              additionalProperties: [{
                name: 'a',
                value: { format: 'int32', default: { yaml: '3\n' }, minimum: 1, enum: [{ yaml: '1\n' }, { yaml: '2\n' }], type: { value: ['integer'] } },
              }],
            },
            vendorExtension: [{ name: 'x-kubernetes-preserve-unknown-fields', value: { yaml: 'true\n' } }],
          },
        }],
      },
    });
  });

  it('is encoded once per document', () => {
    assert.equal(encodeSwaggerDocument(doc), bytes);
  });
});
