import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { authenticator, loadOrCreateTokens } from './tokens.ts';

describe('bearer tokens', () => {
  it('tell the admin from the read-only user and refuse anything else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesvc-tokens-'));
    try {
      const tokens = loadOrCreateTokens(join(dir, 'tokens.json'));
      assert.deepEqual(loadOrCreateTokens(join(dir, 'tokens.json')), tokens);
      assert.notEqual(tokens.admin, tokens.readOnly);
      const authenticate = authenticator(tokens);
      assert.deepEqual(authenticate(`Bearer ${tokens.admin}`), { user: 'kubesvc-admin', groups: ['system:masters', 'system:authenticated'], readOnly: false });
      assert.deepEqual(authenticate(`Bearer ${tokens.readOnly}`), { user: 'kubesvc-readonly', groups: ['system:authenticated'], readOnly: true });
      for (const bad of [undefined, '', 'Bearer', `Bearer ${tokens.admin}x`, `Basic ${tokens.admin}`]) {
        assert.equal(authenticate(bad), undefined, String(bad));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
