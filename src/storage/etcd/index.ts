// The etcd backend of the Store contract (see etcd-store.ts for the design).
export { EtcdStore, openEtcdStore, type EtcdStoreOptions } from './etcd-store.ts';
export { EtcdRequestError, StoreUnavailableError } from './error-mapping.ts';
