// `kubesvc apiserver`: the API server alone, on the store the URL names. TLS identity and tokens
// live in the data directory (created on first start).
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { loadOrCreateCertificates } from '../apiserver/security/certificates.ts';
import { authenticator, loadOrCreateTokens } from '../apiserver/security/tokens.ts';
import { startApiServer } from '../apiserver/server.ts';
import { onStopSignal } from './stop-signal.ts';
import { openStore } from './store-url.ts';

export interface ApiServerOptions {
  readonly store: string;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly serviceCidr: string;
}

/**
 * V8 sizes the old generation as a multiple of what survived the last full collection, and picks
 * the multiple from how fast the program fills it. The API server promotes little, so V8 chose
 * about 1.35× and, under steady writes, collected fully every few seconds, each time pausing
 * every request for 5–20 ms. A fixed 3× lets the heap grow some 40–50 MB further between them
 * with 100k pods cached and makes those pauses about six times rarer (BENCHMARKS.md). A value
 * given to node itself (`node --heap-growing-percent=N bin/kubesvc.js apiserver …`) wins; Node
 * does not accept this flag in NODE_OPTIONS.
 */
const HEAP_GROWING_PERCENT = 200;

function tuneHeapGrowth(): void {
  const chosen = process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'));
  if (!chosen) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export async function runApiServer(options: ApiServerOptions): Promise<void> {
  tuneHeapGrowth();
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
  await new Promise<void>((resolve) => onStopSignal(resolve));
  await server.close();
  await store.close();
  console.log('apiserver: stopped');
}

