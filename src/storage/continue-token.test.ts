import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeContinue, encodeContinue, prefixEnd } from './continue-token.ts';
import { InvalidContinueError } from './errors.ts';

describe('continue tokens', () => {
  it('round-trip the snapshot revision and the last key', () => {
    const position = { revision: 42, afterKey: '/registry/pods/default/web-1' };
    assert.deepEqual(decodeContinue(encodeContinue(position)), position);
  });

  it('round-trip a token that continues at the latest revision', () => {
    const position = { revision: undefined, afterKey: '/registry/pods/default/web-1' };
    assert.deepEqual(decodeContinue(encodeContinue(position)), position);
    assert.throws(() => decodeContinue(Buffer.from('{"v":1,"rv":0,"after":"x"}').toString('base64url')), InvalidContinueError);
  });

  it('refuse tokens the store did not issue', () => {
    for (const bad of ['', 'not base64 json', Buffer.from('{"v":1,"rv":"7","after":"x"}').toString('base64url')]) {
      assert.throws(() => decodeContinue(bad), InvalidContinueError);
    }
  });
});

describe('prefixEnd', () => {
  it('is the first string after every key with the prefix', () => {
    assert.equal(prefixEnd('/a/'), '/a0');
    assert.equal(prefixEnd('abc'), 'abd');
    assert.equal(prefixEnd(''), '');
    assert.ok('/a/zzzz' < prefixEnd('/a/'));
    assert.ok('/ab' >= prefixEnd('/a/'));
  });
});
