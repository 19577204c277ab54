// The Store contract suite against etcd: one etcd server for the file, a fresh key prefix per
// test (the suite asserts revisions relative to the store's current one).
import { describeStoreConformance } from '../../src/storage/conformance/store-conformance.ts';
import { openEtcdStore } from '../../src/storage/etcd/index.ts';
import { ETCD_MISSING, etcdAvailable, startEtcd, type EtcdServer } from '../support/etcd.ts';

let server: EtcdServer | undefined;
let tests = 0;

describeStoreConformance('etcd', {
  skipReason: etcdAvailable() ? undefined : ETCD_MISSING,
  async setup() {
    server = await startEtcd();
  },
  async teardown() {
    await server?.stop();
  },
  async open(options) {
    if (!server) throw new Error('etcd did not start');
    const store = openEtcdStore({ endpoints: server.endpoints, prefix: `/conformance-${++tests}`, ...options });
    return { store, dispose: () => store.close() };
  },
});
