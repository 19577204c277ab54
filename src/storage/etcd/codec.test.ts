import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyCodec, bytesPrefixEnd, inRange } from './codec.ts';

const bytes = (...values: number[]) => Buffer.from(values);

describe('etcd key codec', () => {
  it('puts the store prefix on the wire and takes it off again', () => {
    const codec = new KeyCodec('/kubesvc');
    const wire = codec.encode('/registry/pods/a');
    assert.equal(wire.toString(), '/kubesvc/registry/pods/a');
    assert.equal(codec.decode(wire), '/registry/pods/a');
  });

  it('ranges a key prefix within the store prefix only', () => {
    const codec = new KeyCodec('/t1');
    const { start, end } = codec.prefixRange('/a/');
    assert.equal(start.toString(), '/t1/a/');
    assert.equal(end.toString(), '/t1/a0');
    assert.ok(inRange(codec.encode('/a/zzz'), start, end));
    assert.ok(!inRange(codec.encode('/ab'), start, end));
    // Store prefixes that end in a separator keep stores apart even when one extends another.
    const all = new KeyCodec('/t1/').prefixRange('');
    assert.ok(inRange(Buffer.from('/t1//a'), all.start, all.end));
    assert.ok(!inRange(Buffer.from('/t10//a'), all.start, all.end));
  });

  it('ranges every key when both prefixes are empty', () => {
    const { start, end } = new KeyCodec('').prefixRange('');
    assert.deepEqual([start, end], [bytes(0), bytes(0)]);
    assert.ok(inRange(Buffer.from('anything'), start, end));
  });

  it('computes range ends on UTF-8 bytes, as etcd orders keys', () => {
    assert.deepEqual(bytesPrefixEnd(bytes(0x61, 0xff)), bytes(0x62));
    assert.deepEqual(bytesPrefixEnd(bytes(0xff, 0xff)), bytes(0));
    const codec = new KeyCodec('');
    const { end } = codec.prefixRange('é'); // c3 a9
    assert.deepEqual(end, bytes(0xc3, 0xaa));
  });

  it('continues strictly after a key', () => {
    const codec = new KeyCodec('/p');
    const after = codec.after('/a/b');
    assert.ok(Buffer.compare(after, codec.encode('/a/b')) > 0);
    assert.ok(Buffer.compare(after, codec.encode('/a/b\u0001')) < 0);
  });

  it('decodes etcd key-values (revisions arrive as decimal strings)', () => {
    const codec = new KeyCodec('/p');
    const kv = codec.keyValue({
      key: Buffer.from('/p/k'),
      value: Buffer.from('café', 'utf8'),
      create_revision: '7',
      mod_revision: '9',
      version: '2',
      lease: '0',
    });
    assert.deepEqual(kv, { key: '/k', value: 'café', createRevision: 7, modRevision: 9 });
  });
});
