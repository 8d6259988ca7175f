/** Storage: the Store interface, its SQLite implementation, the delivery lifecycle rules, errors. */
export * from './store.js';
export { DELIVERY_STATES, DELIVERY_TRANSITIONS, assertTransition, checkTransition, isDeliveryState, isFinalState, type DeliveryState, type TransitionVerdict } from './delivery-state.js';
export { STORE_ERROR_CODES, StoreError, isStoreError, type StoreErrorCode } from './errors.js';
export { BUSY_TIMEOUT_MS, DB_FILE_NAME, SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { MIGRATIONS, SCHEMA_VERSION } from './sqlite/migrations.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.js';
export { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './postgres/migrations.js';
