// `kubesvc apiserver`: the API server alone, on the store the URL names. TLS identity and tokens
// live in the data directory (created on first start).
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
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
  limitHeapGrowth();
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

/**
 * The API server keeps each object's JSON outside the JS heap, so with 100k pods only about
 * 85 MB of the heap is live, but it allocates quickly (every request parses and serializes).
 * V8 by default lets the heap grow to up to 4x what the last full collection kept before it
 * collects again; here that slack is garbage, and it was a third of the RSS with 100k pods
 * (old space 213 MB for ~85 MB live). Capping growth at 1.5x keeps it in proportion. V8 reads
 * this flag whenever it sets the next limit, so setting it at startup takes effect.
 */
function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=50');
}
