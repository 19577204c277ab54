// The same kubectl suite with the API server on etcd.
import { openEtcdStore } from '../../src/storage/etcd/index.ts';
import { ETCD_MISSING, etcdAvailable, startEtcd } from '../support/etcd.ts';
import { describeKubectlSuite } from './kubectl-suite.ts';

describeKubectlSuite({
  name: 'etcd',
  skip: etcdAvailable() ? undefined : ETCD_MISSING,
  async open() {
    const etcd = await startEtcd();
    const store = openEtcdStore({ endpoints: etcd.endpoints });
    return {
      store,
      async close() {
        await store.close();
        await etcd.stop();
      },
    };
  },
});
