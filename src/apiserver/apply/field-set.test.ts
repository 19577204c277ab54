// fieldsV1 encoding and the set algebra ownership is computed with.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSet } from './field-set.ts';
import { fieldElement as f, formatPath, keyElement, valueElement, indexElement, parseElement } from './path-element.ts';
import type { Path } from './path-element.ts';

const paths = (set: FieldSet) => set.paths().map(formatPath);

describe('FieldSet fieldsV1 encoding', () => {
  it('writes keys in upstream order with "." first on owned nodes that have children', () => {
    const set = FieldSet.of(
      [f('spec'), f('ports'), keyElement([['protocol', 'TCP'], ['port', 80]])],
      [f('spec'), f('ports'), keyElement([['protocol', 'TCP'], ['port', 80]]), f('targetPort')],
      [f('spec'), f('ports'), keyElement([['protocol', 'TCP'], ['port', 80]]), f('port')],
      [f('metadata'), f('labels'), f('app')],
      [f('metadata'), f('finalizers'), valueElement('b')],
      [f('metadata'), f('finalizers'), valueElement('a')],
    );
    // JSON.stringify keeps insertion order, so this checks the order of the stored bytes too.
    assert.equal(
      JSON.stringify(set.toFieldsV1()),
      '{"f:metadata":{"f:finalizers":{"v:\\"a\\"":{},"v:\\"b\\"":{}},"f:labels":{"f:app":{}}},' +
        '"f:spec":{"f:ports":{"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{},"f:targetPort":{}}}}}',
    );
  });

  it('orders fields before keys before values before indexes, keys by their values', () => {
    const set = FieldSet.of(
      [indexElement(0)],
      [valueElement(1)],
      [keyElement([['port', 8080]])],
      [keyElement([['port', 443]])],
      [f('z')],
    );
    assert.deepEqual(Object.keys(set.toFieldsV1()), ['f:z', 'k:{"port":443}', 'k:{"port":8080}', 'v:1', 'i:0']);
  });

  it('round-trips through fieldsV1 and skips element kinds it does not know', () => {
    const fields = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } }, 'x:future': {} },
    };
    const set = FieldSet.fromFieldsV1(fields);
    assert.deepEqual(paths(set), [
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.ports[port=80,protocol="TCP"]',
      '.spec.ports[port=80,protocol="TCP"].port',
    ]);
    const { 'x:future': _dropped, ...spec } = fields['f:spec'];
    assert.deepEqual(set.toFieldsV1(), { ...fields, 'f:spec': spec });
  });

  it('rejects malformed keys', () => {
    assert.throws(() => FieldSet.fromFieldsV1({ 'k:{not json': {} }), /invalid JSON/);
    assert.throws(() => FieldSet.fromFieldsV1({ 'f:a': 1 }), /not an object/);
    assert.equal(parseElement('q:whatever'), undefined);
  });

  it('formats paths as conflict messages do', () => {
    const path: Path = [f('spec'), f('template'), f('spec'), f('containers'), keyElement([['name', 'web']]), f('args'), indexElement(2)];
    assert.equal(formatPath(path), '.spec.template.spec.containers[name="web"].args[2]');
    assert.equal(formatPath([f('metadata'), f('finalizers'), valueElement('x/y')]), '.metadata.finalizers[="x/y"]');
  });
});

describe('FieldSet algebra', () => {
  const a = FieldSet.of([f('spec')], [f('spec'), f('replicas')], [f('spec'), f('paused')], [f('metadata'), f('labels'), f('app')]);
  const b = FieldSet.of([f('spec')], [f('spec'), f('replicas')]);

  it('difference leaves children of members the other side owns', () => {
    assert.deepEqual(paths(a.difference(b)), ['.metadata.labels.app', '.spec.paused']);
    assert.deepEqual(paths(a.difference(FieldSet.of([f('spec')]))), ['.metadata.labels.app', '.spec.paused', '.spec.replicas']);
  });

  it('recursive difference removes whole subtrees', () => {
    assert.deepEqual(paths(a.recursiveDifference(FieldSet.of([f('spec')]))), ['.metadata.labels.app']);
  });

  it('intersection and union', () => {
    assert.deepEqual(paths(a.intersection(b)), ['.spec', '.spec.replicas']);
    assert.deepEqual(paths(b.union(FieldSet.of([f('status')]))), ['.spec', '.status', '.spec.replicas']);
  });

  it('leaves its operands as they were, though results share their unchanged subtrees', () => {
    const before = [paths(a), paths(b)];
    const c = FieldSet.of([f('spec'), f('template'), f('spec')], [f('metadata'), f('labels'), f('tier')]);
    const results = [a.union(c), c.union(a), a.difference(c), a.recursiveDifference(b), a.intersection(c), a.union(new FieldSet())];
    assert.deepEqual(paths(results[0] as FieldSet), ['.spec', '.metadata.labels.app', '.metadata.labels.tier', '.spec.paused', '.spec.replicas', '.spec.template.spec']);
    assert.deepEqual(paths(results[1] as FieldSet), paths(results[0] as FieldSet));
    assert.deepEqual(paths(results[5] as FieldSet), before[0]);
    assert.deepEqual([paths(a), paths(b)], before);
    assert.deepEqual(paths(c), ['.metadata.labels.tier', '.spec.template.spec']);
  });

  it('has, withPrefix and empty', () => {
    assert.ok(a.has([f('spec'), f('paused')]));
    assert.ok(!a.has([f('spec'), f('template')]));
    assert.deepEqual(paths(a.withPrefix(f('metadata'))), ['.labels.app']);
    assert.ok(a.withPrefix(f('status')).empty);
    assert.ok(a.difference(a).empty);
  });
});
