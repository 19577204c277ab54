import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { loadClientConfig, parseClientConfig } from './kubeconfig.ts';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function kubeconfig(overrides: { cluster?: object; user?: object; context?: object; current?: string } = {}) {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'other', cluster: { server: 'https://10.0.0.1:6443' } },
      { name: 'kubesvc', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from(CA).toString('base64'), ...overrides.cluster } },
    ],
    users: [{ name: 'admin', user: { token: 'secret-token', ...overrides.user } }],
    contexts: [{ name: 'kubesvc', context: { cluster: 'kubesvc', user: 'admin', namespace: 'default', ...overrides.context } }],
    'current-context': overrides.current ?? 'kubesvc',
  });
}

describe('kubeconfig', () => {
  it('resolves the current context to server, CA and token', () => {
    assert.deepEqual(parseClientConfig(kubeconfig(), '/k', { userAgent: 'kubesvc/1' }), {
      server: 'https://127.0.0.1:6443',
      caPem: CA,
      token: 'secret-token',
      userAgent: 'kubesvc/1',
    });
  });

  it('reads a CA file and a token file relative to the kubeconfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), CA);
      writeFileSync(join(dir, 'token'), 'file-token\n');
      const text = kubeconfig({ cluster: { 'certificate-authority-data': undefined, 'certificate-authority': 'ca.pem' }, user: { token: undefined, tokenFile: 'token' } });
      writeFileSync(join(dir, 'config'), text);
      const config = loadClientConfig(join(dir, 'config'));
      assert.equal(config.caPem, CA);
      assert.equal(config.token, 'file-token');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is missing', () => {
    assert.throws(() => parseClientConfig(kubeconfig({ current: '' }), '/k'), /kubeconfig \/k: has no current-context/);
    assert.throws(() => parseClientConfig(kubeconfig({ current: 'nope' }), '/k'), /current-context "nope" is not among its contexts/);
    assert.throws(() => parseClientConfig(kubeconfig({ context: { cluster: 'gone' } }), '/k'), /cluster "gone" \(of context "kubesvc"\) is not among its clusters/);
    assert.throws(() => parseClientConfig(kubeconfig({ cluster: { server: '' } }), '/k'), /cluster "kubesvc" has no server/);
    assert.throws(() => parseClientConfig(kubeconfig({ user: { token: undefined } }), '/k'), /user "admin" has no token/);
    assert.throws(
      () => parseClientConfig(kubeconfig({ cluster: { 'certificate-authority-data': 'bm90IGEgY2VydA==' } }), '/k'),
      /not a base64 PEM certificate/,
    );
    assert.throws(() => loadClientConfig('/nonexistent/kubeconfig'), /kubeconfig \/nonexistent\/kubeconfig: cannot be read/);
  });
});
