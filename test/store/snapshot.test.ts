/** WAL in one process: a reader sees the last committed state while a write is open, and a writer that cannot get the lock fails typed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SqliteStore, isStoreError } from '../../src/store/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'elbflug-snapshot-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('readers see committed data only, without waiting for an open write transaction', async () => {
  const store = SqliteStore.open({ dataDir: dir, busyTimeoutMs: 1500 });
  await store.createDelivery({ id: 'D-1', request: {} });
  const other = new Database(join(dir, 'elbflug.db'));
  other.exec('BEGIN IMMEDIATE');
  other.prepare(`INSERT INTO deliveries (id, created_at, updated_at, state, request_json) VALUES ('D-2', 'x', 'x', 'planned', '{}')`).run();

  const t0 = Date.now();
  expect((await store.listDeliveries()).map((d) => d.id)).toEqual(['D-1']);
  // had the read waited for the writer, it would have taken the whole busy timeout (1.5 s)
  expect(Date.now() - t0).toBeLessThan(1000);

  // A second writer waits busyTimeoutMs for the lock, then fails typed; nothing of it is stored.
  const e = await store.createDelivery({ id: 'D-3', request: {} }).catch((err: unknown) => err);
  expect(isStoreError(e, 'STORE_WRITE_FAILED')).toBe(true);
  expect((e as Error).message).toMatch(/SQLITE_BUSY.*nothing was stored/);

  other.exec('COMMIT');
  other.close();
  expect((await store.listDeliveries()).map((d) => d.id).sort()).toEqual(['D-1', 'D-2']);
  expect((await store.createDelivery({ id: 'D-3', request: {} })).id).toBe('D-3');
  await store.close();
});
