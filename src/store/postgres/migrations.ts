/**
 * Numbered schema migrations for the PostgreSQL store, the same numbers as the SQLite ones
 * (src/store/sqlite/migrations.ts) so one version means one schema in both. All pending ones run
 * in ONE transaction holding an advisory lock, so several instances starting at once migrate once
 * and a crash mid-migration leaves the previous version. Never edit a released migration.
 *
 * JSON columns are `json`, not `jsonb`: `json` keeps the text exactly as encodeJson wrote it (key
 * order, `\u0000` in strings, which jsonb refuses) and the Store reads it back through decodeJson.
 */
import type { PoolClient } from 'pg';
import { StoreError } from '../errors.js';
import type { Migration } from '../sqlite/migrations.js';

const STATES = `'planned','uploading','ready','in_flight','delivered','returned','aborted','failed'`;

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'deliveries, transitions, alerts, audit',
    sql: `
      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        state TEXT NOT NULL CHECK (state IN (${STATES})),
        vehicle_id TEXT,
        vehicle_sysid INTEGER,
        request_json JSON NOT NULL,
        plan_json JSON NOT NULL DEFAULT 'null'
      );
      CREATE INDEX deliveries_created ON deliveries (created_at DESC);
      CREATE INDEX deliveries_state ON deliveries (state, created_at DESC);
      CREATE TABLE delivery_transitions (
        delivery_id TEXT NOT NULL REFERENCES deliveries (id),
        seq INTEGER NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        cause TEXT NOT NULL,
        PRIMARY KEY (delivery_id, seq)
      );
      CREATE TABLE alerts (
        id BIGSERIAL PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        vehicle_id TEXT,
        vehicle_sysid INTEGER,
        delivery_id TEXT,
        details_json JSON NOT NULL DEFAULT 'null',
        acknowledged_by TEXT,
        acknowledged_at TIMESTAMPTZ
      );
      CREATE INDEX alerts_at ON alerts (at DESC);
      CREATE INDEX alerts_delivery ON alerts (delivery_id);
      CREATE TABLE audit (
        id BIGSERIAL PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        actor_name TEXT NOT NULL,
        actor_role TEXT NOT NULL,
        action TEXT NOT NULL,
        params_json JSON NOT NULL DEFAULT 'null',
        result TEXT NOT NULL CHECK (result IN ('ok','error')),
        error_code TEXT,
        error_message TEXT
      );
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
        started_at TIMESTAMPTZ NOT NULL,
        ended_at TIMESTAMPTZ,
        tlog_path TEXT
      );
      CREATE INDEX flights_started ON flights (started_at DESC);
      CREATE INDEX flights_delivery ON flights (delivery_id);
      CREATE TABLE track_points (
        flight_id TEXT NOT NULL REFERENCES flights (id),
        seq INTEGER NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        lat DOUBLE PRECISION NOT NULL,
        lon DOUBLE PRECISION NOT NULL,
        alt_amsl_m DOUBLE PRECISION NOT NULL,
        rel_alt_m DOUBLE PRECISION,
        PRIMARY KEY (flight_id, seq)
      );
      ALTER TABLE alerts ADD COLUMN cleared_at TIMESTAMPTZ;
    `,
  },
  {
    version: 3,
    name: 'mission approvals survive a restart',
    sql: `
      CREATE TABLE approvals (
        opaque_id BIGINT PRIMARY KEY,
        delivery_id TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL
      );
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
/** pg_advisory_xact_lock key serialising migrations of concurrently starting instances ("elbf"). */
const MIGRATION_LOCK = 0x656c6266;

/** The highest applied version in the client's search_path schema, 0 when none. */
export async function pgSchemaVersion(c: PoolClient): Promise<number> {
  const t = await c.query<{ ok: string | null }>(`SELECT to_regclass('schema_migrations')::text AS ok`);
  if (!t.rows[0]?.ok) return 0;
  const r = await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}

/** Brings the schema to the latest version in one transaction; returns the versions applied. */
export async function pgMigrate(c: PoolClient, where: string, now: () => string): Promise<number[]> {
  const applied: number[] = [];
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
    const current = await pgSchemaVersion(c);
    if (current > PG_SCHEMA_VERSION) {
      throw new StoreError('STORE_SCHEMA_TOO_NEW', `${where} has schema version ${current}, but this elbflug knows versions up to ${PG_SCHEMA_VERSION}; run the newer elbflug that wrote it, or use another database`, { where, version: current, supported: PG_SCHEMA_VERSION });
    }
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now()]);
      applied.push(m.version);
    }
    await c.query('COMMIT');
    return applied;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    if (e instanceof StoreError) throw e;
    throw new StoreError('STORE_MIGRATION_FAILED', `migrating ${where} failed (${(e as Error).message}); the database was left at its previous version — restore a backup or report the error`, { where });
  }
}
