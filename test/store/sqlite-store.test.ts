/** SqliteStore: opening, read-only, closing; and the Store contract (test/store/contract.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SqliteStore } from '../../src/store/index.js';
import { T0, rejects, request, storeContract } from './contract.js';

storeContract('SqliteStore', async (now) => {
  const dir = mkdtempSync(join(tmpdir(), 'elbflug-store-'));
  let opened = false;
  // Migrations stamp their rows too; the contract's clock starts with the first record.
  const store = SqliteStore.open({ dataDir: dir, now: () => (opened ? now() : new Date(T0)) });
  opened = true;
  return { store, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'elbflug-store-'));
  store = SqliteStore.open({ dataDir: join(dir, 'data') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('open', () => {
  it('creates dataDir/elbflug.db in WAL mode at the latest schema', async () => {
    expect(store.path).toBe(join(dir, 'data', 'elbflug.db'));
    expect(store.migrationsApplied).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await store.integrityCheck()).toEqual(['ok']);
    await store.close();
    const again = SqliteStore.open({ dataDir: join(dir, 'data') });
    expect(again.migrationsApplied).toEqual([]);
    await again.close();
  });
  it('refuses a file that is not a database', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'junk.db'), 'x'.repeat(4096));
    expect(() => SqliteStore.open({ dataDir: dir, fileName: 'junk.db' })).toThrow(/STORE_OPEN_FAILED|cannot open the database/);
  });
  it('read-only: needs an existing current database, cannot write', async () => {
    expect(() => SqliteStore.open({ dataDir: join(dir, 'nothing'), readonly: true })).toThrow(/cannot open the database/);
    const ro = SqliteStore.open({ dataDir: join(dir, 'data'), readonly: true });
    await rejects(ro.createDelivery({ request }), 'STORE_WRITE_FAILED', /read-only/);
    await ro.close();
  });
  it('after close every call rejects with STORE_CLOSED; close is idempotent', async () => {
    await store.close();
    await store.close();
    await rejects(store.getDelivery('x'), 'STORE_CLOSED');
    await rejects(store.createDelivery({ request }), 'STORE_CLOSED');
    await rejects(store.listAlerts(), 'STORE_CLOSED');
  });
});

