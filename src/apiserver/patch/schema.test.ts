import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchSchemaError } from './errors.ts';
import { patchSchemaForComponent, patchSchemaFromOpenApi, unknownPatchSchema } from './schema.ts';
import { components, deploymentSchema, podSchema, serviceSchema } from './testdata/schemas.ts';

describe('patchSchemaFromOpenApi', () => {
  it('follows $ref and allOf down to list metadata', () => {
    const containers = podSchema.field('spec')?.field('containers');
    assert.equal(containers?.patchStrategy, 'merge');
    assert.equal(containers?.patchMergeKey, 'name');
    assert.equal(containers?.listType, 'map');
    assert.deepEqual(containers?.listMapKeys, ['name']);
    const ports = containers?.items()?.field('ports');
    assert.equal(ports?.patchMergeKey, 'containerPort');
    assert.deepEqual(ports?.listMapKeys, ['containerPort', 'protocol']);
    assert.equal(containers?.items()?.name, 'io.k8s.api.core.v1.Container');
  });

  it('reads extensions placed next to an allOf-wrapped $ref', () => {
    const strategy = deploymentSchema.field('spec')?.field('strategy');
    assert.equal(strategy?.patchStrategy, 'retainKeys');
    assert.ok(strategy?.field('rollingUpdate'));
  });

  it('maps resolve members through additionalProperties', () => {
    const labels = serviceSchema.field('metadata')?.field('labels');
    assert.ok(labels?.field('app'));
    assert.equal(labels?.field('app')?.patchStrategy, undefined);
  });

  it('unknown members are undefined, preserve-unknown-fields members are unknown', () => {
    assert.equal(podSchema.field('spec')?.field('noSuchField'), undefined);
    assert.equal(patchSchemaForComponent('mergeItem', components).field('replacingItem')?.field('x'), unknownPatchSchema);
  });

  it('refers extensions on the referring node before the referenced schema', () => {
    const schema = patchSchemaFromOpenApi(
      { type: 'object', properties: { list: { allOf: [{ $ref: '#/components/schemas/L' }], 'x-kubernetes-patch-merge-key': 'outer' } } },
      { L: { type: 'array', items: { type: 'object' }, 'x-kubernetes-patch-merge-key': 'inner', 'x-kubernetes-patch-strategy': 'merge' } },
    );
    const list = schema.field('list');
    assert.equal(list?.patchMergeKey, 'outer');
    assert.equal(list?.patchStrategy, 'merge');
    assert.ok(list?.items());
  });

  it('handles recursive schemas lazily', () => {
    const props = { JSONSchemaProps: { type: 'object', properties: { properties: { type: 'object', additionalProperties: { $ref: '#/components/schemas/JSONSchemaProps' } } } } };
    const schema = patchSchemaForComponent('JSONSchemaProps', props);
    assert.equal(schema.field('properties')?.field('a')?.field('properties')?.field('b')?.name, 'JSONSchemaProps');
  });

  it('a dangling $ref is a schema error', () => {
    const schema = patchSchemaFromOpenApi({ type: 'object', properties: { x: { $ref: '#/components/schemas/Missing' } } }, {});
    assert.throws(() => schema.field('x'), PatchSchemaError);
  });

  it('the unknown schema has no metadata at any depth', () => {
    const deep = unknownPatchSchema.field('a')?.items()?.field('b');
    assert.equal(deep, unknownPatchSchema);
    assert.equal(deep?.patchStrategy, undefined);
  });
});
