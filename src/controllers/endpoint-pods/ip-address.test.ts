import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIP } from './ip-address.ts';

describe('parseIP', () => {
  const cases: Array<[string, ReturnType<typeof parseIP>]> = [
    ['127.244.0.7', { family: 'IPv4', text: '127.244.0.7' }],
    ['010.001.002.003', { family: 'IPv4', text: '10.1.2.3' }],
    ['::ffff:10.1.2.3', { family: 'IPv4', text: '10.1.2.3' }],
    ['FD00:0:0:0:0:0:0:1', { family: 'IPv6', text: 'fd00::1' }],
    ['2001:db8:0:0:1:0:0:1', { family: 'IPv6', text: '2001:db8::1:0:0:1' }],
    ['::1', { family: 'IPv6', text: '::1' }],
    ['::', { family: 'IPv6', text: '::' }],
    ['fd00:1:2:3:4:5:6:7', { family: 'IPv6', text: 'fd00:1:2:3:4:5:6:7' }],
    ['fd00:0:1:2:3:4:5:6', { family: 'IPv6', text: 'fd00:0:1:2:3:4:5:6' }],
    ['not-an-ip', undefined],
    ['', undefined],
  ];
  for (const [text, want] of cases) it(`${text || '(empty)'}`, () => assert.deepEqual(parseIP(text), want));
});
