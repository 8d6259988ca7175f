/** Schema migrations: an older database is migrated at open, a newer one refused, a failed one rolled back. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, SqliteStore, isStoreError } from '../../src/store/index.js';
import { migrate, schemaVersion } from '../../src/store/sqlite/migrations.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'elbflug-migrate-'));
  file = join(dir, 'elbflug.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stamp = () => '2026-01-01T00:00:00.000Z';

/** A database as elbflug with schema version 1 left it, holding one delivery and one alert. */
function versionOneDatabase(): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  expect(migrate(db, file, stamp, 1)).toEqual([1]);
  db.prepare(`INSERT INTO deliveries (id, created_at, updated_at, state, request_json, plan_json) VALUES ('OLD-1', ?, ?, 'planned', '{"from":"UKE"}', '{"items":[{"$float":"NaN"}]}')`).run(stamp(), stamp());
  db.prepare(`INSERT INTO delivery_transitions (delivery_id, seq, from_state, to_state, at, cause) VALUES ('OLD-1', 1, NULL, 'planned', ?, 'created')`).run(stamp());
  db.prepare(`INSERT INTO alerts (at, severity, code, message) VALUES (?, 'warning', 'LINK_LOST', 'old alert')`).run(stamp());
  db.close();
}

describe('migrations', () => {
  it('are numbered 1, 2, … without gaps, each with a name', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(MIGRATIONS.every((m) => m.name.length > 0)).toBe(true);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('opening a version-1 database migrates it to the latest, keeping its data', async () => {
    versionOneDatabase();
    const store = SqliteStore.open({ dataDir: dir });
    expect(store.migrationsApplied).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 1));
    const d = await store.getDelivery('OLD-1');
    expect(d).toMatchObject({ state: 'planned', request: { from: 'UKE' }, transitions: [{ from: null, to: 'planned', cause: 'created' }] });
    expect(Number.isNaN((d!.plan as { items: number[] }).items[0])).toBe(true);
    const [alert] = await store.listAlerts();
    expect(alert).toMatchObject({ code: 'LINK_LOST', clearedAt: null }); // column added by migration 2
    await store.clearAlert(alert!.id);
    const f = await store.startFlight({ deliveryId: 'OLD-1' }); // table added by migration 2
    expect(f.deliveryId).toBe('OLD-1');
    await store.transitionDelivery('OLD-1', { to: 'uploading', cause: 'after upgrade' });
    await store.close();

    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();
  });

  it('a database from a newer elbflug is refused with STORE_SCHEMA_TOO_NEW and left untouched', async () => {
    await SqliteStore.open({ dataDir: dir }).close();
    const db = new Database(file);
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', ?)`).run(SCHEMA_VERSION + 1, stamp());
    db.close();
    let error: unknown;
    try {
      SqliteStore.open({ dataDir: dir });
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error, 'STORE_SCHEMA_TOO_NEW')).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 1}, but this elbflug knows versions up to ${SCHEMA_VERSION}; run the newer elbflug`));
    const after = new Database(file, { readonly: true });
    expect(schemaVersion(after)).toBe(SCHEMA_VERSION + 1);
    after.close();
    expect(() => SqliteStore.open({ dataDir: dir, readonly: true })).toThrow(new RegExp(`needs ${SCHEMA_VERSION}`));
  });

  it('a migration that fails is rolled back whole: STORE_MIGRATION_FAILED, the old version and data remain', async () => {
    versionOneDatabase();
    const db = new Database(file);
    db.exec('CREATE TABLE flights (x INTEGER)'); // a stray table makes migration 2 fail half-way
    db.close();
    let error: unknown;
    try {
      SqliteStore.open({ dataDir: dir });
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error, 'STORE_MIGRATION_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/left at its previous version/);
    const after = new Database(file, { readonly: true });
    expect(schemaVersion(after)).toBe(1);
    const columns = (after.pragma('table_info(alerts)') as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('cleared_at');
    expect(after.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 1 });
    after.close();
  });

  it('an empty (0-byte) file is refused with STORE_FILE_UNEXPECTED, and initialised only when told to', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(file, '');
    expect(() => SqliteStore.open({ dataDir: dir })).toThrow(expect.objectContaining({ code: 'STORE_FILE_UNEXPECTED', details: { reason: 'empty' } }));
    expect(readFileSync(file)).toHaveLength(0); // left untouched
    const store = SqliteStore.open({ dataDir: dir, initialise: true });
    expect(store.migrationsApplied).toEqual(MIGRATIONS.map((m) => m.version));
    await store.close();
  });

  it('a new database appears complete or not at all: a creation killed half-way leaves only a .creating file, which the next open replaces', async () => {
    const { existsSync, readdirSync, writeFileSync } = await import('node:fs');
    // what a kill -9 during the first open left: a half-written database under the temporary name
    writeFileSync(`${file}.creating`, 'SQLite format 3\0 half');
    writeFileSync(`${file}.creating-wal`, 'junk');
    expect(existsSync(file)).toBe(false);
    const store = SqliteStore.open({ dataDir: dir });
    expect(store.migrationsApplied).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await store.integrityCheck()).toEqual(['ok']);
    await store.close();
    expect(readdirSync(dir).filter((f) => f.includes('.creating'))).toEqual([]);
    const again = SqliteStore.open({ dataDir: dir });
    expect(again.migrationsApplied).toEqual([]);
    expect(schemaVersion(new Database(file, { readonly: true }))).toBe(SCHEMA_VERSION);
    await again.close();
  });

  it("another program's SQLite database is refused, and gets elbflug's tables only when told to", async () => {
    const Database = (await import('better-sqlite3')).default;
    const foreign = new Database(file);
    foreign.exec('CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (\'x\')');
    foreign.close();
    expect(() => SqliteStore.open({ dataDir: dir })).toThrow(expect.objectContaining({ code: 'STORE_FILE_UNEXPECTED', details: { reason: 'foreign' } }));
    const store = SqliteStore.open({ dataDir: dir, initialise: true });
    expect(store.migrationsApplied).toEqual(MIGRATIONS.map((m) => m.version));
    await store.close();
    const again = SqliteStore.open({ dataDir: dir }); // ours now: no flag needed
    expect(again.migrationsApplied).toEqual([]);
    await again.close();
  });
});
