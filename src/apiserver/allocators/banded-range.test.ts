import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodePortOffset, pickFree, serviceIPOffset } from './banded-range.ts';
import { parseServiceCIDR } from './service-cidr.ts';

/** A deterministic random source for tests. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('banded allocation', () => {
  it('uses upstream offsets: /24 → 16, /20 and /16 → 256; the default node port range → 86', () => {
    assert.equal(serviceIPOffset(256), 16);
    assert.equal(serviceIPOffset(4096), 256);
    assert.equal(serviceIPOffset(65536), 256);
    assert.equal(serviceIPOffset(16), 0);
    assert.equal(nodePortOffset(2768), 86);
  });

  it('fills the dynamic band before touching the static band', () => {
    const range = { size: 64, offset: 16 };
    const taken = new Set<number>();
    const random = seeded(7);
    for (let i = 0; i < 48; i++) {
      const index = pickFree(range, (n) => taken.has(n), random);
      assert.ok(index !== undefined && index >= 16, `allocation ${i} got ${index}`);
      taken.add(index);
    }
    for (let i = 0; i < 16; i++) {
      const index = pickFree(range, (n) => taken.has(n), random);
      assert.ok(index !== undefined && index < 16);
      taken.add(index);
    }
    assert.equal(pickFree(range, (n) => taken.has(n), random), undefined, 'a full range has nothing free');
  });
});

describe('service CIDR', () => {
  it('maps the first usable address to index 0 and excludes network and broadcast', () => {
    const cidr = parseServiceCIDR('127.96.0.0/16');
    assert.equal(cidr.ipAt(0), '127.96.0.1');
    assert.equal(cidr.ipAt(9), '127.96.0.10');
    assert.equal(cidr.indexOf('127.96.0.10'), 9);
    assert.equal(cidr.indexOf('127.96.0.0'), undefined);
    assert.equal(cidr.indexOf('127.96.255.255'), undefined);
    assert.equal(cidr.indexOf('127.97.0.1'), undefined);
    assert.equal(cidr.size, 65534);
    assert.equal(cidr.offset, 256);
  });

  it('refuses CIDRs that are not IPv4 ranges of at least 8 addresses', () => {
    for (const bad of ['10.0.0.0/30', '10.0.0.1/24', 'fd00::/64', 'nonsense']) {
      assert.throws(() => parseServiceCIDR(bad));
    }
  });
});
