// The embedded SQLite backend of the Store contract (../store.ts).
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
export { StoreClosedError, StoreLockedError, StoreSchemaError } from './errors.ts';
