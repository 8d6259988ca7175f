/**
 * Numbered schema migrations for the SQLite store. Each runs once, in order, and is recorded in
 * `schema_migrations`; all pending ones are applied in ONE transaction at open, so a crash during a
 * migration leaves the previous schema intact. Never edit a released migration: add the next number.
 */
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const STATES = `'planned','uploading','ready','in_flight','delivered','returned','aborted','failed'`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'deliveries, transitions, alerts, audit',
    sql: `
      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN (${STATES})),
        vehicle_id TEXT,
        vehicle_sysid INTEGER,
        request_json TEXT NOT NULL,
        plan_json TEXT NOT NULL DEFAULT 'null'
      ) STRICT;
      CREATE INDEX deliveries_created ON deliveries (created_at DESC);
      CREATE INDEX deliveries_state ON deliveries (state, created_at DESC);
      CREATE TABLE delivery_transitions (
        delivery_id TEXT NOT NULL REFERENCES deliveries (id),
        seq INTEGER NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        at TEXT NOT NULL,
        cause TEXT NOT NULL,
        PRIMARY KEY (delivery_id, seq)
      ) STRICT;
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        vehicle_id TEXT,
        vehicle_sysid INTEGER,
        delivery_id TEXT,
        details_json TEXT NOT NULL DEFAULT 'null',
        acknowledged_by TEXT,
        acknowledged_at TEXT
      ) STRICT;
      CREATE INDEX alerts_at ON alerts (at DESC);
      CREATE INDEX alerts_delivery ON alerts (delivery_id);
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        actor_role TEXT NOT NULL,
        action TEXT NOT NULL,
        params_json TEXT NOT NULL DEFAULT 'null',
        result TEXT NOT NULL CHECK (result IN ('ok','error')),
        error_code TEXT,
        error_message TEXT
      ) STRICT;
      CREATE INDEX audit_at ON audit (at DESC);
    `,
  },
  {
    version: 2,
    name: 'flights and track points; alerts can be cleared',
    sql: `
      CREATE TABLE flights (
        id TEXT PRIMARY KEY,
        delivery_id TEXT REFERENCES deliveries (id),
        vehicle_id TEXT,
        vehicle_sysid INTEGER,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        tlog_path TEXT
      ) STRICT;
      CREATE INDEX flights_started ON flights (started_at DESC);
      CREATE INDEX flights_delivery ON flights (delivery_id);
      CREATE TABLE track_points (
        flight_id TEXT NOT NULL REFERENCES flights (id),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        alt_amsl_m REAL NOT NULL,
        rel_alt_m REAL,
        PRIMARY KEY (flight_id, seq)
      ) STRICT, WITHOUT ROWID;
      ALTER TABLE alerts ADD COLUMN cleared_at TEXT;
    `,
  },
  {
    version: 3,
    name: 'mission approvals survive a restart',
    sql: `
      CREATE TABLE approvals (
        opaque_id INTEGER PRIMARY KEY,
        delivery_id TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
    `,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The highest applied version, 0 for an empty database. */
export function schemaVersion(db: Database.Database): number {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!exists) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings the schema to `target` (default: the latest) in one transaction. Refuses a database
 * written by a newer elbflug (STORE_SCHEMA_TOO_NEW) rather than guessing at its tables.
 * @returns the versions applied
 */
export function migrate(db: Database.Database, file: string, now: () => string, target = SCHEMA_VERSION): number[] {
  const applied: number[] = [];
  const run = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    const current = schemaVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new StoreError(
        'STORE_SCHEMA_TOO_NEW',
        `${file} has schema version ${current}, but this elbflug knows versions up to ${SCHEMA_VERSION}; run the newer elbflug that wrote it, or point dataDir elsewhere`,
        { file, version: current, supported: SCHEMA_VERSION },
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current || m.version > target) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now());
      applied.push(m.version);
    }
  });
  try {
    run.immediate();
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw new StoreError('STORE_MIGRATION_FAILED', `migrating ${file} failed (${(e as Error).message}); the database was left at its previous version — restore a backup or report the error`, { file });
  }
  return applied;
}
