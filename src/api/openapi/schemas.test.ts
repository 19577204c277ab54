import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import '../core/v1/service.ts';
import { RESOURCES } from '../resources.ts';
import { apiType, bytes, field, int32, int64, intOrString, preserved, quantity, required, time } from '../schema/fields.ts';
import { normalizeSchema } from './normalize.ts';
import { INT_OR_STRING, QUANTITY, TIME, kindSchemaId, openApiSchemas } from './index.ts';
import type { JsonSchema } from './index.ts';

const core = 'io.k8s.api.core.v1';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function schema(id: string): JsonSchema {
  const found = openApiSchemas()[id];
  assert.ok(found, `component ${id} exists`);
  return found;
}

function property(id: string, name: string): JsonSchema {
  return (schema(id)['properties'] as Record<string, JsonSchema>)[name] as JsonSchema;
}

/** Every node of a schema tree, for properties that must hold everywhere. */
function* nodes(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) yield* nodes(v);
  else if (typeof value === 'object' && value !== null) {
    yield value as Record<string, unknown>;
    for (const v of Object.values(value)) yield* nodes(v);
  }
}

describe('openApiSchemas: the Service family in upstream shape', () => {
  it('ServicePort: formats, IntOrString reference, required list, no zod noise', () => {
    assert.deepEqual(schema(`${core}.ServicePort`), {
      description: 'One port the Service exposes, and where on the Pods it sends the traffic.',
      type: 'object',
      properties: {
        name: {
          description: 'Name of this port, unique in the Service; required when there is more than one port.',
          type: 'string',
        },
        protocol: { description: 'TCP (the default), UDP or SCTP.', type: 'string' },
        appProtocol: {
          description: 'The application protocol, e.g. http or kubernetes.io/h2c, as a hint to proxies.',
          type: 'string',
        },
        port: { description: 'The port the Service listens on, on its cluster IP.', type: 'integer', format: 'int32' },
        targetPort: {
          allOf: [ref(INT_OR_STRING)],
          description: 'Port number or named container port on the Pods; defaults to the value of port.',
        },
        nodePort: {
          description:
            'For NodePort and LoadBalancer Services: the port on every node; allocated from the node port range when not given.',
          type: 'integer',
          format: 'int32',
        },
      },
      required: ['port'],
    });
  });

  it('Service: struct fields are allOf-wrapped references that keep their descriptions, and the kind carries its GVK', () => {
    const service = schema(`${core}.Service`);
    assert.equal(service['description'], 'A named, stable virtual IP and ports in front of the set of Pods its selector matches.');
    assert.deepEqual(property(`${core}.Service`, 'metadata'), {
      description: 'Standard object metadata.',
      allOf: [ref(`${meta}.ObjectMeta`)],
    });
    assert.deepEqual(property(`${core}.Service`, 'spec'), {
      description: 'The desired behaviour of the Service.',
      allOf: [ref(`${core}.ServiceSpec`)],
    });
    assert.deepEqual(service['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Service', version: 'v1' }]);
    assert.equal(service['required'], undefined);
  });

  it('ServiceSpec: patch metadata sits next to the field; list items are bare references', () => {
    assert.deepEqual(property(`${core}.ServiceSpec`, 'ports'), {
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'port',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['port', 'protocol'],
      description: 'The ports the Service exposes.',
      type: 'array',
      items: ref(`${core}.ServicePort`),
    });
    const selector = property(`${core}.ServiceSpec`, 'selector');
    assert.equal(selector['x-kubernetes-map-type'], 'atomic');
    assert.deepEqual(selector['additionalProperties'], { type: 'string' });
    assert.equal(property(`${core}.ServiceSpec`, 'clusterIPs')['x-kubernetes-list-type'], 'atomic');
  });

  it('ObjectMeta: timestamps reference Time, counters are int64, owner references merge by uid', () => {
    assert.deepEqual(property(`${meta}.ObjectMeta`, 'creationTimestamp'), {
      allOf: [ref(TIME)],
      description: 'When the server created the object (RFC 3339). Read-only.',
    });
    assert.equal(property(`${meta}.ObjectMeta`, 'generation')['format'], 'int64');
    const owners = property(`${meta}.ObjectMeta`, 'ownerReferences');
    assert.equal(owners['x-kubernetes-patch-merge-key'], 'uid');
    assert.deepEqual(owners['items'], ref(`${meta}.OwnerReference`));
    assert.deepEqual(schema(`${meta}.OwnerReference`)['required'], ['apiVersion', 'kind', 'name', 'uid']);
    assert.deepEqual(property(`${meta}.ManagedFieldsEntry`, 'fieldsV1'), {
      description: 'The set of fields this manager owns, as a trie of field paths.',
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('the apimachinery types with custom JSON are components of their own', () => {
    assert.deepEqual({ ...schema(INT_OR_STRING), description: undefined }, { description: undefined, type: 'string', format: 'int-or-string' });
    assert.deepEqual({ ...schema(TIME), description: undefined }, { description: undefined, type: 'string', format: 'date-time' });
    assert.deepEqual(schema(QUANTITY)['oneOf'], [{ type: 'string' }, { type: 'number' }]);
  });

  it('no node anywhere keeps kubesvc markers, additionalProperties: false, $id or zod integer bounds', () => {
    for (const node of nodes(openApiSchemas())) {
      for (const key of Object.keys(node)) assert.ok(!key.startsWith('x-kubesvc-'), `marker ${key} removed`);
      assert.notEqual(node['additionalProperties'], false);
      assert.equal(node['$id'], undefined);
      if (node['type'] === 'integer') assert.equal(node['maximum'], undefined);
    }
  });

  it('every served kind, subresource kind and list kind has a component tagged with its GVK', () => {
    const schemas = openApiSchemas();
    for (const r of RESOURCES) {
      const gvk = { group: r.group, kind: r.kind, version: r.version };
      assert.deepEqual(schemas[kindSchemaId(r)]?.['x-kubernetes-group-version-kind'], [gvk], r.kind);
      // A review cannot be listed, so it has no list kind (as upstream).
      const list = schemas[`${kindSchemaId(r)}List`]?.['x-kubernetes-group-version-kind'];
      assert.deepEqual(list, r.review ? undefined : [{ ...gvk, kind: `${r.kind}List` }], `${r.kind}List`);
      for (const sub of r.subresources) if (!sub.connect) assert.ok(schemas[kindSchemaId(sub.kind)], `${r.resource}/${sub.name} body`);
    }
    assert.deepEqual(schemas[`${core}.ServiceList`]?.['properties'], {
      apiVersion: { description: 'The versioned schema of this representation, e.g. v1 or apps/v1.', type: 'string' },
      items: { description: 'The Service objects.', items: ref(`${core}.Service`), type: 'array' },
      kind: { description: 'ServiceList.', type: 'string' },
      metadata: {
        description: 'Standard list metadata: the resourceVersion to watch from and the continue token.',
        allOf: [ref(`${meta}.ListMeta`)],
      },
    });
    assert.deepEqual(schemas[`${meta}.Status`]?.['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Status', version: 'v1' }]);
  });

  it('is deeply frozen, cached, and rebuilt when another type is registered', () => {
    const first = openApiSchemas();
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first[`${core}.ServicePort`]));
    assert.equal(openApiSchemas(), first);
    apiType('io.k8s.api.kubesvctest.v1.Late', 'Registered after the first call.', z.object({ a: field(z.string(), 'a') }));
    const second = openApiSchemas();
    assert.notEqual(second, first);
    assert.equal(second['io.k8s.api.kubesvctest.v1.Late']?.['description'], 'Registered after the first call.');
  });
});

describe('normalizeSchema', () => {
  const Fixture = apiType(
    'io.k8s.api.kubesvctest.v1.Fixture',
    'Every kind of field.',
    z.object({
      limits: field(z.record(z.string(), quantity()), 'Quantities by name.'),
      sizes: field(z.array(int64()), 'Sizes.'),
      data: field(bytes(), 'Raw bytes.'),
      raw: field(preserved(), 'Kept as given.'),
      free: field(z.looseObject({}), 'Any keys.'),
      when: field(time(), 'A time.'),
      port: required(intOrString(), 'A port.'),
      count: required(int32(), 'A count.'),
      mode: field(z.enum(['A', 'B']), 'One of two.'),
      must: z.string(),
    }),
  );
  const id = 'io.k8s.api.kubesvctest.v1.Fixture';

  const cases: Array<[string, JsonSchema]> = [
    ['limits', { description: 'Quantities by name.', type: 'object', additionalProperties: ref(QUANTITY) }],
    ['sizes', { description: 'Sizes.', type: 'array', items: { type: 'integer', format: 'int64' } }],
    ['data', { description: 'Raw bytes.', type: 'string', format: 'byte' }],
    ['raw', { description: 'Kept as given.', type: 'object', 'x-kubernetes-preserve-unknown-fields': true }],
    ['free', { description: 'Any keys.', type: 'object', additionalProperties: true }],
    ['when', { allOf: [ref(TIME)], description: 'A time.' }],
    ['port', { allOf: [ref(INT_OR_STRING)], description: 'A port.' }],
    ['count', { description: 'A count.', type: 'integer', format: 'int32' }],
    ['mode', { description: 'One of two.', type: 'string', enum: ['A', 'B'] }],
  ];
  for (const [name, expected] of cases) {
    it(`${name}`, () => {
      assert.ok(Fixture);
      assert.deepEqual(property(id, name), expected);
    });
  }

  it('required: marked fields and zod-required fields, in declaration order', () => {
    assert.deepEqual(schema(id)['required'], ['port', 'count', 'must']);
  });

  it('a bare $ref stays bare; a $ref with siblings is wrapped; a lone allOf ref is unwrapped', () => {
    assert.deepEqual(normalizeSchema(ref('X')), ref('X'));
    assert.deepEqual(normalizeSchema({ ...ref('X'), description: 'd' }), { allOf: [ref('X')], description: 'd' });
    assert.deepEqual(normalizeSchema({ allOf: [ref('X')] }), ref('X'));
  });
});
