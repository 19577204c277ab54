// `--store sqlite:PATH` or `--store etcd:URL[,URL…]`: which Store the API server runs on.
import { openEtcdStore } from '../storage/etcd/index.ts';
import { openSqliteStore } from '../storage/sqlite/index.ts';
import type { Store } from '../storage/store.ts';

export function openStore(url: string): Store {
  const colon = url.indexOf(':');
  const scheme = colon < 0 ? '' : url.slice(0, colon);
  const rest = url.slice(colon + 1);
  if (scheme === 'sqlite' && rest) return openSqliteStore({ path: rest, compactionIntervalMs: 5 * 60_000 });
  if (scheme === 'etcd' && rest) {
    const endpoints = rest.split(',').map((e) => (/^https?:\/\//.test(e) ? e : `http://${e}`));
    return openEtcdStore({ endpoints });
  }
  throw new Error(`--store must be sqlite:PATH or etcd:HOST:PORT[,HOST:PORT…], got "${url}"`);
}
