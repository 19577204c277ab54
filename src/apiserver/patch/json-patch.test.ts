import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from './errors.ts';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.ts';
import type { JsonValue } from './json-value.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions navigate plain JSON
type Doc = any;

const pod = (): JsonValue => ({
  metadata: { name: 'p1', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1', ports: [{ containerPort: 80 }] }] },
});

describe('applyJsonPatch', () => {
  const ok: { name: string; patch: unknown; want: (doc: Doc) => void }[] = [
    { name: 'add a label', patch: [{ op: 'add', path: '/metadata/labels/tier', value: 'fe' }], want: (d) => assert.equal(d.metadata.labels.tier, 'fe') },
    { name: 'replace an image', patch: [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' }], want: (d) => assert.equal(d.spec.containers[0].image, 'nginx:2') },
    { name: 'remove a label', patch: [{ op: 'remove', path: '/metadata/labels/app' }], want: (d) => assert.deepEqual(d.metadata.labels, {}) },
    { name: 'append with -', patch: [{ op: 'add', path: '/spec/containers/0/ports/-', value: { containerPort: 443 } }], want: (d) => assert.equal(d.spec.containers[0].ports.length, 2) },
    { name: 'escaped path segment', patch: [{ op: 'add', path: '/metadata/labels/a~1b~0c', value: 'x' }], want: (d) => assert.equal(d.metadata.labels['a/b~c'], 'x') },
    { name: 'passing test then replace', patch: [{ op: 'test', path: '/metadata/name', value: 'p1' }, { op: 'replace', path: '/metadata/name', value: 'p2' }], want: (d) => assert.equal(d.metadata.name, 'p2') },
    { name: 'move and copy', patch: [{ op: 'copy', from: '/metadata/labels', path: '/metadata/annotations' }, { op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/role' }], want: (d) => assert.deepEqual(d.metadata, { name: 'p1', labels: { role: 'web' }, annotations: { app: 'web' } }) },
    { name: 'a missing value means null (as evanphx)', patch: [{ op: 'add', path: '/metadata/deletionGracePeriodSeconds' }], want: (d) => assert.equal(d.metadata.deletionGracePeriodSeconds, null) },
    { name: 'null patch is empty', patch: null, want: (d) => assert.deepEqual(d, pod()) },
    { name: 'test of the whole document', patch: [{ op: 'test', path: '', value: pod() }], want: (d) => assert.deepEqual(d, pod()) },
  ];
  for (const c of ok) {
    it(c.name, () => {
      const original = pod();
      const result = applyJsonPatch(original, c.patch);
      c.want(result);
      assert.deepEqual(original, pod(), 'input must not be mutated');
    });
  }

  it('does not share structure with the patch body', () => {
    const value = { nested: ['a'] };
    const result = applyJsonPatch({}, [{ op: 'add', path: '/x', value }]) as Doc;
    value.nested.push('b');
    assert.deepEqual(result.x, { nested: ['a'] });
  });

  const failures: { name: string; patch: unknown; status: number; message: RegExp }[] = [
    { name: 'body is an object', patch: { op: 'add' }, status: 400, message: /cannot unmarshal object into Go value of type jsonpatch.Patch/ },
    { name: 'body is a string', patch: 'x', status: 400, message: /cannot unmarshal string/ },
    { name: 'operation is not an object', patch: [1], status: 400, message: /cannot unmarshal number into Go value of type jsonpatch.Operation/ },
    { name: 'unknown op', patch: [{ op: 'frob', path: '/a' }], status: 422, message: /^Unexpected kind: frob$/ },
    { name: 'missing op', patch: [{ path: '/a' }], status: 422, message: /^Unexpected kind: unknown$/ },
    { name: 'null operation', patch: [null], status: 422, message: /Unexpected kind: unknown/ },
    { name: 'missing path', patch: [{ op: 'add', value: 1 }], status: 422, message: /path/ },
    { name: 'failing test', patch: [{ op: 'test', path: '/metadata/name', value: 'other' }], status: 422, message: /^testing value \/metadata\/name failed: test failed$/ },
    { name: 'replace of a missing key', patch: [{ op: 'replace', path: '/spec/nodeName', value: 'n1' }], status: 422, message: /doc is missing path/ },
    { name: 'remove of a missing key', patch: [{ op: 'remove', path: '/metadata/labels/nope' }], status: 422, message: /doc is missing path/ },
    { name: 'add below a missing parent', patch: [{ op: 'add', path: '/status/conditions/0', value: {} }], status: 422, message: /doc is missing path/ },
    { name: 'index past the end', patch: [{ op: 'add', path: '/spec/containers/5', value: {} }], status: 422, message: /invalid index/ },
    { name: 'move from a missing path', patch: [{ op: 'move', from: '/nope', path: '/x' }], status: 422, message: /missing from path: \/nope/ },
    { name: 'replace the root', patch: [{ op: 'replace', path: '', value: {} }], status: 422, message: /doc is missing path/ },
    { name: '__proto__ in a path', patch: [{ op: 'add', path: '/__proto__/polluted', value: 1 }], status: 422, message: /__proto__/ },
  ];
  for (const c of failures) {
    it(`rejects: ${c.name}`, () => {
      assert.throws(
        () => applyJsonPatch(pod(), c.patch),
        (error: unknown) => {
          assert.ok(error instanceof PatchError);
          assert.equal(error.status, c.status);
          assert.match(error.message, c.message);
          return true;
        },
      );
    });
  }

  it('a failing operation leaves no partial result and reports the generic upstream Status message', () => {
    const original = pod();
    assert.throws(
      () => applyJsonPatch(original, [{ op: 'add', path: '/metadata/labels/x', value: 'y' }, { op: 'test', path: '/metadata/name', value: 'zz' }]),
      (error: unknown) =>
        error instanceof PatchError &&
        error.reason === 'Invalid' &&
        error.statusMessage === 'the server rejected our request due to an error in our request',
    );
    assert.deepEqual(original, pod());
  });

  it(`rejects more than ${MAX_JSON_PATCH_OPERATIONS} operations with 413`, () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/metadata/name', value: 'p1' }));
    assert.throws(
      () => applyJsonPatch(pod(), ops),
      (error: unknown) =>
        error instanceof PatchError &&
        error.status === 413 &&
        error.statusMessage === 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
    assert.doesNotThrow(() => applyJsonPatch(pod(), ops.slice(1)));
  });
});
