import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCertificates, issueServingCertificate, loadOrCreateCertificates } from './certificates.ts';

describe('serving certificates', () => {
  it('are signed by the CA, name 127.0.0.1 and localhost, and survive a reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesvc-certs-'));
    try {
      const first = loadOrCreateCertificates(dir);
      const again = loadOrCreateCertificates(dir);
      assert.deepEqual(again, first, 'a restart reuses the same identity');

      const ca = new X509Certificate(first.caPem);
      const serving = new X509Certificate(first.certPem);
      assert.ok(serving.verify(ca.publicKey));
      assert.ok(ca.ca);
      assert.match(serving.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
      assert.match(serving.subjectAltName ?? '', /DNS:localhost/);

      // A TLS client that trusts only the CA accepts the server at 127.0.0.1.
      const server = createServer({ cert: first.certPem, key: first.keyPem }, (_req, res) => res.end('ok'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      try {
        const body = await new Promise<string>((resolve, reject) => {
          request({ host: '127.0.0.1', port, ca: first.caPem, path: '/' }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk));
            res.on('end', () => resolve(text));
          })
            .on('error', reject)
            .end();
        });
        assert.equal(body, 'ok');
      } finally {
        server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('issues further serving certificates from the same CA (a node agent’s, for the API server to verify)', () => {
    const cluster = createCertificates(['127.0.0.1']);
    const issued = issueServingCertificate(cluster, ['127.0.0.1', 'node-a'], 'kubelet');
    const serving = new X509Certificate(issued.certPem);
    assert.ok(serving.verify(new X509Certificate(cluster.caPem).publicKey));
    assert.ok(!serving.ca);
    assert.match(serving.subject, /CN=kubelet/);
    assert.match(serving.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.match(serving.subjectAltName ?? '', /DNS:node-a/);
    assert.ok(!new X509Certificate(issued.certPem).verify(new X509Certificate(createCertificates(['127.0.0.1']).caPem).publicKey), 'another CA did not sign it');
  });
});
