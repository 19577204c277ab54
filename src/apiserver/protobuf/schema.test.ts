// Structural checks on the descriptors, so a typo in a table fails here rather than as a
// silently dropped field in a request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import type { JsonSemantics } from './schema/descriptor.ts';
import { PROTOBUF_PACKAGES, lookupMessage, messageNameFor, protobufKinds, protobufRoot } from './registry.ts';

const SEMANTIC_KEYS = new Set<keyof JsonSemantics>(['ptr', 'always', 'value', 'inline']);
const SCALARS = new Set(['string', 'bool', 'int32', 'int64', 'bytes']);

function allTypes(): Type[] {
  return PROTOBUF_PACKAGES.flatMap((pkg) => Object.keys(pkg.types).map((name) => lookupMessage(`${pkg.name}.${name}`)));
}

describe('protobuf descriptors', () => {
  it('build into one Root with every type reference resolved', () => {
    assert.ok(protobufRoot() instanceof protobuf.Root);
    for (const type of allTypes()) {
      for (const field of type.fieldsArray) {
        assert.ok(SCALARS.has(field.type) || field.resolvedType instanceof protobuf.Type, `${type.fullName}.${field.name}: ${field.type}`);
      }
    }
  });

  it('are proto2, so scalar presence on the wire is observable', () => {
    for (const type of allTypes()) {
      for (const field of type.fieldsArray) {
        if (!field.repeated && !field.map) assert.equal(field.hasPresence, true, `${type.fullName}.${field.name}`);
      }
    }
  });

  it('use field numbers once per message', () => {
    for (const type of allTypes()) {
      const ids = type.fieldsArray.map((f) => f.id);
      assert.equal(new Set(ids).size, ids.length, type.fullName);
    }
  });

  it('use JSON semantics only where they mean something', () => {
    for (const type of allTypes()) {
      for (const field of type.fieldsArray) {
        const where = `${type.fullName}.${field.name}`;
        const sem = (field.options ?? {}) as Record<string, unknown>;
        for (const key of Object.keys(sem)) assert.ok(SEMANTIC_KEYS.has(key as keyof JsonSemantics), `${where}: option ${key}`);
        const isMessage = field.resolvedType instanceof protobuf.Type;
        const single = !field.repeated && !field.map;
        if (sem.ptr) assert.ok(single && !isMessage, `${where}: ptr is for scalars (a message's presence is already its pointer-ness)`);
        if (sem.value) assert.ok(single && isMessage, `${where}: value is for struct fields`);
        if (sem.inline) assert.ok(single && isMessage && sem.value, `${where}: inline is for embedded structs`);
      }
    }
  });

  it('inline members do not collide with their parent\'s JSON keys', () => {
    for (const type of allTypes()) {
      const own = type.fieldsArray.filter((f) => !f.options?.inline).map((f) => f.name);
      for (const field of type.fieldsArray.filter((f) => f.options?.inline)) {
        const embedded = (field.resolvedType as Type).fieldsArray.map((f) => f.name);
        assert.deepEqual(embedded.filter((name) => own.includes(name)), [], `${type.fullName}.${field.name}`);
      }
    }
  });

  it('map every served kind to a message with metadata as field 1 (DeleteOptions aside)', () => {
    const kinds = protobufKinds();
    const expected = [
      'v1/Namespace', 'v1/Pod', 'v1/Service', 'v1/Endpoints', 'v1/Node', 'v1/Event', 'v1/ConfigMap', 'v1/Secret',
      'apps/v1/Deployment', 'apps/v1/ReplicaSet', 'discovery.k8s.io/v1/EndpointSlice',
      'coordination.k8s.io/v1/Lease', 'autoscaling/v1/Scale',
    ];
    for (const k of expected) assert.ok(kinds.some((x) => `${x.apiVersion}/${x.kind}` === k), k);
    for (const { apiVersion, kind } of kinds) {
      const name = messageNameFor(apiVersion, kind);
      assert.ok(name, `${apiVersion}/${kind}`);
      const type = lookupMessage(name);
      if (kind !== 'DeleteOptions') {
        assert.equal(type.fieldsById[1]?.name, 'metadata', `${apiVersion}/${kind}`);
        assert.equal(type.fieldsById[1]?.type, '.k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta');
      }
    }
    assert.equal(messageNameFor('v1', 'ServiceAccount'), undefined);
    assert.equal(messageNameFor('batch/v1', 'DeleteOptions'), undefined);
  });
});
