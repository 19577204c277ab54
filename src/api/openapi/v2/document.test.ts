import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { GROUP_VERSIONS } from '../../resources.ts';
import { openApiDocument } from '../document.ts';
import { isSchemaObject } from '../refs.ts';
import type { JsonSchema } from '../refs.ts';
import { openApiSchemas } from '../schemas.ts';
import { buildSwaggerDocument, serializedSwaggerDocument, swaggerDocument } from './document.ts';
import { toSwaggerPathItem } from './paths.ts';
import { DEFINITIONS_PREFIX, toSwaggerSchema } from './schemas.ts';

const COMPONENT = '#/components/schemas/';
const def = (id: string) => DEFINITIONS_PREFIX + id;

/**
 * The rules of kube-openapi's `pkg/util/proto` parser (`Definitions.ParseSchema`), which kubectl
 * runs over the whole document before it validates anything: one violation anywhere and kubectl
 * cannot validate or explain at all. Returns the violations, with their paths.
 */
function kubectlParserViolations(definitions: Record<string, JsonSchema>): string[] {
  const problems: string[] = [];
  const visit = (s: JsonSchema, path: string): void => {
    if (typeof s['$ref'] === 'string') {
      if (isSchemaObject(s['properties']) && Object.keys(s['properties']).length > 0) problems.push(`${path}: $ref with properties`);
      if (s['type'] !== undefined) problems.push(`${path}: $ref with a type`);
      if (!s['$ref'].startsWith(DEFINITIONS_PREFIX)) problems.push(`${path}: $ref outside definitions: ${s['$ref']}`);
      else if (!definitions[s['$ref'].slice(DEFINITIONS_PREFIX.length)]) problems.push(`${path}: unknown model ${s['$ref']}`);
      return;
    }
    const types = s['type'] === undefined ? [] : Array.isArray(s['type']) ? s['type'] : [s['type']];
    if (types.length > 1) problems.push(`${path}: more than one type`);
    const properties = s['properties'];
    const type = types[0];
    if (isSchemaObject(properties) && (type === undefined || type === 'object')) {
      for (const [name, prop] of Object.entries(properties)) {
        if (isSchemaObject(prop)) visit(prop, `${path}.${name}`);
        else problems.push(`${path}.${name}: not a schema`);
      }
    } else if (type === 'object') {
      if (isSchemaObject(s['additionalProperties'])) visit(s['additionalProperties'], `${path}{}`);
    } else if (type === 'array') {
      if (isSchemaObject(s['items'])) visit(s['items'], `${path}[]`);
      else problems.push(`${path}: array without exactly one item schema`);
    } else if (type !== undefined && !['string', 'number', 'integer', 'boolean'].includes(type as string)) {
      problems.push(`${path}: unknown primitive type ${String(type)}`);
    }
  };
  for (const [id, schema] of Object.entries(definitions)) visit(schema, id);
  return problems;
}

/** Every node of a JSON value, with the key it sits under. */
function* nodes(value: unknown, key = ''): Generator<[string, unknown]> {
  yield [key, value];
  if (Array.isArray(value)) for (const item of value) yield* nodes(item, key);
  else if (isSchemaObject(value)) for (const [k, v] of Object.entries(value)) yield* nodes(v, k);
}

describe('toSwaggerSchema', () => {
  it('puts a described $ref next to its description instead of wrapping it in allOf, and points it at #/definitions', () => {
    const v3 = { description: 'Standard object metadata.', allOf: [{ $ref: `${COMPONENT}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` }] };
    assert.deepEqual(toSwaggerSchema(v3), { $ref: def('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), description: 'Standard object metadata.' });
  });

  it('keeps the extensions of a reference, and drops a type next to a $ref (kubectl rejects one)', () => {
    const v3 = {
      'x-kubernetes-map-type': 'atomic',
      description: 'The target.',
      allOf: [{ $ref: `${COMPONENT}io.k8s.api.core.v1.ObjectReference` }],
    };
    assert.deepEqual(toSwaggerSchema(v3), {
      $ref: def('io.k8s.api.core.v1.ObjectReference'),
      'x-kubernetes-map-type': 'atomic',
      description: 'The target.',
    });
    assert.deepEqual(toSwaggerSchema({ $ref: `${COMPONENT}X`, type: 'object', description: 'd' }), { $ref: def('X'), description: 'd' });
  });

  it('converts properties, items and additionalProperties recursively', () => {
    const v3 = {
      type: 'object',
      properties: {
        ports: { type: 'array', items: { $ref: `${COMPONENT}io.k8s.api.core.v1.ServicePort` }, 'x-kubernetes-list-type': 'map' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        any: { type: 'object', additionalProperties: true },
      },
      required: ['ports'],
    };
    assert.deepEqual(toSwaggerSchema(v3), {
      type: 'object',
      properties: {
        ports: { type: 'array', items: { $ref: def('io.k8s.api.core.v1.ServicePort') }, 'x-kubernetes-list-type': 'map' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        any: { type: 'object', additionalProperties: true },
      },
      required: ['ports'],
    });
  });

  it('has no nullable, oneOf or anyOf: Quantity (string or number) is a string, as upstream v2 has it', () => {
    assert.deepEqual(toSwaggerSchema({ description: 'q', oneOf: [{ type: 'string' }, { type: 'number' }] }), { description: 'q', type: 'string' });
    assert.deepEqual(toSwaggerSchema({ type: 'string', nullable: true }), { type: 'string' });
    assert.deepEqual(toSwaggerSchema({ anyOf: [{ type: 'integer' }, { type: 'boolean' }] }), {});
    assert.deepEqual(toSwaggerSchema({ type: ['string', 'null'] }), { type: 'string' });
  });

  it('drops the properties of a preserve-unknown-fields object and the type of an array without items', () => {
    assert.deepEqual(
      toSwaggerSchema({ type: 'object', properties: { kind: { type: 'string' } }, required: ['kind'], 'x-kubernetes-preserve-unknown-fields': true }),
      { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    );
    assert.deepEqual(toSwaggerSchema({ type: 'array', description: 'd' }), { description: 'd' });
  });
});

describe('toSwaggerPathItem', () => {
  it('writes parameter types inline, the request body as an in: body parameter, and response schemas directly', () => {
    const v3 = {
      post: {
        description: 'create a Service',
        operationId: 'createCoreV1NamespacedService',
        parameters: [{ description: 'd', in: 'query', name: 'fieldValidation', schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { $ref: `${COMPONENT}io.k8s.api.core.v1.Service` } } }, required: true },
        responses: {
          '201': { content: { 'application/json': { schema: { $ref: `${COMPONENT}io.k8s.api.core.v1.Service` } } }, description: 'Created' },
          '401': { description: 'Unauthorized' },
        },
        tags: ['core_v1'],
        'x-kubernetes-action': 'post',
      },
      parameters: [{ description: 'n', in: 'path', name: 'namespace', required: true, schema: { type: 'string' } }],
    };
    assert.deepEqual(toSwaggerPathItem(v3), {
      post: {
        description: 'create a Service',
        operationId: 'createCoreV1NamespacedService',
        tags: ['core_v1'],
        'x-kubernetes-action': 'post',
        consumes: ['application/json'],
        parameters: [
          { description: 'd', in: 'query', name: 'fieldValidation', type: 'string' },
          { in: 'body', name: 'body', required: true, schema: { $ref: def('io.k8s.api.core.v1.Service') } },
        ],
        produces: ['application/json'],
        responses: { '201': { description: 'Created', schema: { $ref: def('io.k8s.api.core.v1.Service') } }, '401': { description: 'Unauthorized' } },
        schemes: ['https'],
      },
      parameters: [{ description: 'n', in: 'path', name: 'namespace', required: true, type: 'string' }],
    });
  });
});

describe('swaggerDocument', () => {
  const doc = swaggerDocument();

  it('is a Swagger 2.0 document named like upstream', () => {
    assert.equal(doc.swagger, '2.0');
    assert.deepEqual(doc.info, { title: 'Kubernetes', version: 'v1.32.0' });
    assert.deepEqual(doc.security, [{ BearerToken: [] }]);
  });

  it('has a definition for every component schema, under the same id', () => {
    assert.deepEqual(Object.keys(doc.definitions), Object.keys(openApiSchemas()));
    for (const gv of GROUP_VERSIONS) {
      const v3 = openApiDocument(gv.group, gv.version);
      for (const id of Object.keys(v3?.components.schemas ?? {})) assert.ok(doc.definitions[id], id);
      for (const path of Object.keys(v3?.paths ?? {})) assert.ok(doc.paths[path], path);
    }
  });

  it('is all v2: no v3 references or keywords anywhere', () => {
    for (const [key, value] of nodes(doc)) {
      assert.ok(!['nullable', 'oneOf', 'anyOf', 'requestBody', 'components'].includes(key), `v3 keyword ${key}`);
      if (key === '$ref') assert.ok(String(value).startsWith(DEFINITIONS_PREFIX), String(value));
    }
  });

  it('parses under the rules kubectl applies to the whole document', () => {
    assert.deepEqual(kubectlParserViolations(doc.definitions), []);
    const paths = Object.fromEntries(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).flatMap(([method, o]) => {
          const body = isSchemaObject(o) && Array.isArray(o['parameters']) ? o['parameters'].find((p) => p.in === 'body') : undefined;
          return body ? [[`${method} ${path}`, body.schema as JsonSchema]] : [];
        }),
      ),
    );
    assert.deepEqual(kubectlParserViolations({ ...doc.definitions, ...paths }), []);
  });

  it('Service: GVK, field types and the patch metadata kubectl reads', () => {
    const service = doc.definitions['io.k8s.api.core.v1.Service'];
    assert.deepEqual(service?.['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Service', version: 'v1' }]);
    const props = service?.['properties'] as Record<string, JsonSchema>;
    assert.deepEqual(props['metadata'], { $ref: def('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), description: props['metadata']?.['description'] });
    assert.equal(props['spec']?.['$ref'], def('io.k8s.api.core.v1.ServiceSpec'));

    const spec = doc.definitions['io.k8s.api.core.v1.ServiceSpec']?.['properties'] as Record<string, JsonSchema>;
    const ports = spec['ports'];
    assert.equal(ports?.['type'], 'array');
    assert.deepEqual(ports?.['items'], { $ref: def('io.k8s.api.core.v1.ServicePort') });
    assert.equal(ports?.['x-kubernetes-patch-merge-key'], 'port');
    assert.equal(ports?.['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(ports?.['x-kubernetes-list-type'], 'map');
    assert.deepEqual(ports?.['x-kubernetes-list-map-keys'], ['port', 'protocol']);
    assert.deepEqual(spec['selector']?.['additionalProperties'], { type: 'string' });

    const port = doc.definitions['io.k8s.api.core.v1.ServicePort'];
    assert.deepEqual(port?.['required'], ['port']);
    assert.deepEqual((port?.['properties'] as Record<string, JsonSchema>)['port'], { description: (port?.['properties'] as Record<string, JsonSchema>)['port']?.['description'], type: 'integer', format: 'int32' });
    assert.equal((port?.['properties'] as Record<string, JsonSchema>)['targetPort']?.['$ref'], def('io.k8s.apimachinery.pkg.util.intstr.IntOrString'));
  });

  it('writes IntOrString, Quantity and Time as upstream v2 does', () => {
    const pick = (id: string) => {
      const { description: _d, ...rest } = doc.definitions[id] ?? {};
      return rest;
    };
    assert.deepEqual(pick('io.k8s.apimachinery.pkg.util.intstr.IntOrString'), { type: 'string', format: 'int-or-string' });
    assert.deepEqual(pick('io.k8s.apimachinery.pkg.api.resource.Quantity'), { type: 'string' });
    assert.deepEqual(pick('io.k8s.apimachinery.pkg.apis.meta.v1.Time'), { type: 'string', format: 'date-time' });
  });

  it('the Service PATCH operation names its GVK and takes fieldValidation, so the v2 verifier finds it', () => {
    const patch = doc.paths['/api/v1/namespaces/{namespace}/services/{name}']?.['patch'] as JsonSchema;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', kind: 'Service', version: 'v1' });
    const params = patch['parameters'] as JsonSchema[];
    assert.deepEqual(params.find((p) => p['name'] === 'fieldValidation'), {
      description: params.find((p) => p['name'] === 'fieldValidation')?.['description'],
      in: 'query',
      name: 'fieldValidation',
      type: 'string',
    });
    assert.deepEqual(params.find((p) => p['in'] === 'body'), { in: 'body', name: 'body', required: true, schema: { $ref: def('io.k8s.apimachinery.pkg.apis.meta.v1.Patch') } });
    assert.deepEqual(patch['consumes'], ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
    assert.deepEqual(Object.keys(doc.paths).slice().sort(), Object.keys(doc.paths));
  });

  it('is built once: the same document, JSON and ETag until the schemas change', () => {
    const first = serializedSwaggerDocument();
    assert.equal(serializedSwaggerDocument(), first);
    assert.equal(first.document, doc);
    assert.equal(first.etag, createHash('sha512').update(first.json).digest('hex').toUpperCase());
    assert.deepEqual(JSON.parse(first.json.toString()), buildSwaggerDocument(openApiSchemas()));
  });
});
