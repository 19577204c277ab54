// `kubesvc apiserver`: the API server alone, on the store the URL names. TLS identity and tokens
// live in the data directory (created on first start).
import { join } from 'node:path';
import { loadOrCreateCertificates } from '../apiserver/security/certificates.ts';
import { authenticator, loadOrCreateTokens } from '../apiserver/security/tokens.ts';
import { startApiServer } from '../apiserver/server.ts';
import { openStore } from './store-url.ts';

export interface ApiServerOptions {
  readonly store: string;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly serviceCidr: string;
}

export async function runApiServer(options: ApiServerOptions): Promise<void> {
  const store = openStore(options.store);
  const tls = loadOrCreateCertificates(join(options.dataDir, 'pki'));
  const tokens = loadOrCreateTokens(join(options.dataDir, 'tokens.json'));
  let server;
  try {
    server = await startApiServer({
      store,
      host: options.host,
      port: options.port,
      tls,
      authenticate: authenticator(tokens),
      serviceCIDR: options.serviceCidr,
      // Node agents serve with certificates from the cluster CA; pods/log verifies them against it.
      kubelet: { caPem: tls.caPem },
      // The embedded store compacts itself; etcd relies on its API servers, as upstream.
      ...(options.store.startsWith('etcd:') ? { compactionIntervalMs: 5 * 60_000 } : {}),
      onProblem: (message, error) => console.error(`apiserver: ${message}: ${error instanceof Error ? error.stack : String(error)}`),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  console.log(`apiserver: serving ${server.url} on store ${options.store}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await store.close();
  console.log('apiserver: stopped');
}

