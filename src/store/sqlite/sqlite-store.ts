/**
 * The embedded Store: SQLite through better-sqlite3 in `dataDir/elbflug.db`.
 *
 * Durability: WAL journal with `synchronous=FULL`. Each write method runs one `BEGIN IMMEDIATE`
 * transaction and its promise resolves only after COMMIT returned, i.e. after the WAL frames were
 * written AND fsync'ed. A `kill -9` (or a power cut) at any moment therefore loses nothing that was
 * acknowledged; an unacknowledged transaction is rolled back whole on the next open. NORMAL would
 * also survive `kill -9` but may lose the last commits on power loss, and a ground station is a
 * laptop in a field. Writes are low-rate (transitions, alerts, audit, track batches once a second),
 * so one fsync per commit is affordable. Tested by test/store/crash.test.ts (a real child killed
 * with SIGKILL).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { assertTransition, type DeliveryState } from '../delivery-state.js';
import { StoreError } from '../errors.js';
import { decodeJson, encodeJson } from '../json.js';
import type { AlertFilter, AlertRecord, ApprovalRecord, AuditFilter, AuditRecord, DeliveryFilter, DeliveryRecord, DeliverySummary, FlightFilter, FlightRecord, NewAlert, NewAudit, NewDelivery, NewFlight, Store, TrackPoint, TransitionInput } from '../store.js';
import * as v from '../validate.js';
import { SCHEMA_VERSION, migrate, schemaVersion } from './migrations.js';
import { createAtomically } from './create.js';
import { alertsQuery, auditQuery, deliveriesQuery, FLIGHT_SELECT, flightsQuery } from '../list-queries.js';
import { toAlert, toAudit, toFlight, toSummary, toTrackPoint, toTransition, type AlertRow, type AuditRow, type DeliveryRow, type FlightRow, type TrackRow, type TransitionRow } from './rows.js';

export const DB_FILE_NAME = 'elbflug.db';
/** How long a writer waits for another connection's write lock before STORE_WRITE_FAILED. */
export const BUSY_TIMEOUT_MS = 5000;

export interface SqliteStoreOptions {
  /** Directory of the database (created if missing). */
  readonly dataDir: string;
  /** Default {@link DB_FILE_NAME}. */
  readonly fileName?: string;
  /** Clock for default timestamps (tests inject one). */
  readonly now?: () => Date;
  /** Open for reading only (another process writes); no migration, the schema must be current. */
  readonly readonly?: boolean;
  /** Default {@link BUSY_TIMEOUT_MS}. */
  readonly busyTimeoutMs?: number;
  /**
   * Initialise an existing 0-byte file or a foreign SQLite database (tables, but not elbflug's).
   * Without it such a file is refused (STORE_FILE_UNEXPECTED): a truncated or wrong file must not
   * start silently as an empty store with all history gone.
   */
  readonly initialise?: boolean;
}


/** A database with tables but without our schema_migrations table. */
function isForeign(db: Database.Database): boolean {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  return names.length > 0 && !names.includes('schema_migrations');
}

/** SQLite implementation of {@link Store}. Open with {@link SqliteStore.open}. */
export class SqliteStore implements Store {
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** Absolute or relative path of the database file. */
    readonly path: string,
    /** Migration versions applied by this open (empty when the schema was current). */
    readonly migrationsApplied: readonly number[],
    private readonly now: () => Date,
  ) {}

  /**
   * Opens (creating, migrating) the database; throws STORE_OPEN_FAILED, STORE_SCHEMA_TOO_NEW or STORE_MIGRATION_FAILED.
   * @example const store = SqliteStore.open({ dataDir: config.dataDir });
   */
  static open(options: SqliteStoreOptions): SqliteStore {
    const path = join(options.dataDir, options.fileName ?? DB_FILE_NAME);
    const now = options.now ?? (() => new Date());
    let db: Database.Database | undefined;
    const existing = existsSync(path) ? statSync(path).size : undefined;
    if (existing === 0 && !options.initialise) {
      throw new StoreError('STORE_FILE_UNEXPECTED', `the database file ${options.fileName ?? DB_FILE_NAME} in dataDir is empty (0 bytes): was it truncated? Restore it from a backup, or start with --init-db to initialise an empty database`, { reason: 'empty' });
    }
    let created: number[] | undefined;
    try {
      if (!options.readonly) mkdirSync(options.dataDir, { recursive: true });
      if (existing === undefined && !options.readonly) created = createAtomically(path, options.busyTimeoutMs ?? BUSY_TIMEOUT_MS, () => now().toISOString());
      db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
      if (!options.readonly) {
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL is required (is the file on a network share?)`);
      }
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    } catch (e) {
      db?.close();
      throw new StoreError('STORE_OPEN_FAILED', `cannot open the database ${path}: ${(e as Error).message}; check dataDir (it must be a writable local directory holding an elbflug database)`, { path });
    }
    if (existing && !options.initialise && isForeign(db)) {
      db.close();
      throw new StoreError('STORE_FILE_UNEXPECTED', `the database file ${options.fileName ?? DB_FILE_NAME} in dataDir holds tables but no elbflug schema: is it another program's database? Point dataDir elsewhere, or start with --init-db to add elbflug's tables to it`, { reason: 'foreign' });
    }
    try {
      let applied: number[] = [];
      if (options.readonly) {
        const version = schemaVersion(db);
        if (version !== SCHEMA_VERSION) throw new StoreError('STORE_OPEN_FAILED', `${path} has schema version ${version}, this elbflug needs ${SCHEMA_VERSION}; open it once read-write to migrate`, { path, version });
      } else {
        applied = migrate(db, path, () => now().toISOString());
        if (created) applied = created; // this open made the schema (under the temporary name)
      }
      return new SqliteStore(db, path, applied, now);
    } catch (e) {
      db.close();
      if (e instanceof StoreError) throw e;
      throw new StoreError('STORE_OPEN_FAILED', `cannot open the database ${path}: ${(e as Error).message}`, { path });
    }
  }

  // ── deliveries ────────────────────────────────────────────────────────────

  async createDelivery(input: NewDelivery): Promise<DeliveryRecord> {
    const i = v.parseInput(v.newDeliverySchema, input, 'createDelivery');
    const request = encodeJson(i.request, 'request');
    const plan = encodeJson(i.plan ?? null, 'plan');
    const id = i.id ?? randomUUID();
    const at = i.at ?? this.stamp();
    return this.write(() => {
      this.db
        .prepare('INSERT INTO deliveries (id, created_at, updated_at, state, vehicle_id, vehicle_sysid, request_json, plan_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, at, at, 'planned', i.vehicleId ?? null, i.vehicleSysid ?? null, request, plan);
      this.db.prepare('INSERT INTO delivery_transitions (delivery_id, seq, from_state, to_state, at, cause) VALUES (?, 1, NULL, ?, ?, ?)').run(id, 'planned', at, i.cause);
      return this.deliveryNow(id)!;
    }, `delivery ${id}`);
  }

  async transitionDelivery(id: string, input: TransitionInput): Promise<DeliveryRecord> {
    v.parseInput(v.id, id, 'transitionDelivery id');
    const i = v.parseInput(v.transitionSchema, input, 'transitionDelivery');
    const plan = i.plan === undefined ? undefined : encodeJson(i.plan, 'plan');
    const at = i.at ?? this.stamp();
    return this.write(() => {
      const row = this.db.prepare('SELECT state FROM deliveries WHERE id = ?').get(id) as { state: DeliveryState } | undefined;
      if (!row) throw notFound('delivery', id);
      assertTransition(id, row.state, i.to, i.expectedFrom);
      const sets = ['state = ?', 'updated_at = ?'];
      const params: unknown[] = [i.to, at];
      const optional: [string, unknown][] = [
        ['vehicle_id', i.vehicleId],
        ['vehicle_sysid', i.vehicleSysid],
        ['plan_json', plan],
      ];
      for (const [column, value] of optional) {
        if (value === undefined) continue; // undefined keeps, null clears
        sets.push(`${column} = ?`);
        params.push(value);
      }
      this.db.prepare(`UPDATE deliveries SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
      this.db
        .prepare('INSERT INTO delivery_transitions (delivery_id, seq, from_state, to_state, at, cause) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM delivery_transitions WHERE delivery_id = ?')
        .run(id, row.state, i.to, at, i.cause, id);
      return this.deliveryNow(id)!;
    }, `delivery ${id}`);
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    this.open();
    return typeof id === 'string' ? this.deliveryNow(id) : undefined;
  }

  async listDeliveries(filter: DeliveryFilter = {}): Promise<DeliverySummary[]> {
    this.open();
    const q = deliveriesQuery(v.parseInput(v.deliveryFilterSchema, filter, 'listDeliveries'));
    return (this.db.prepare(q.sql).all(...q.params) as DeliveryRow[]).map(toSummary);
  }

  private deliveryNow(id: string): DeliveryRecord | undefined {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    if (!row) return undefined;
    const transitions = this.db.prepare('SELECT from_state, to_state, at, cause FROM delivery_transitions WHERE delivery_id = ? ORDER BY seq').all(id) as TransitionRow[];
    return { ...toSummary(row), plan: decodeColumn(row.plan_json), transitions: transitions.map(toTransition) };
  }

  // ── flights ───────────────────────────────────────────────────────────────

  async startFlight(input: NewFlight): Promise<FlightRecord> {
    const i = v.parseInput(v.newFlightSchema, input, 'startFlight');
    const id = i.id ?? randomUUID();
    return this.write(() => {
      if (i.deliveryId != null && !this.db.prepare('SELECT 1 FROM deliveries WHERE id = ?').get(i.deliveryId)) throw notFound('delivery', i.deliveryId);
      this.db
        .prepare('INSERT INTO flights (id, delivery_id, vehicle_id, vehicle_sysid, started_at, tlog_path) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, i.deliveryId ?? null, i.vehicleId ?? null, i.vehicleSysid ?? null, i.startedAt ?? this.stamp(), i.tlogPath ?? null);
      return this.flightNow(id)!;
    }, `flight ${id}`);
  }

  async endFlight(id: string, endedAt?: string): Promise<FlightRecord> {
    v.parseInput(v.id, id, 'endFlight id');
    const at = endedAt === undefined ? this.stamp() : v.parseInput(v.time, endedAt, 'endFlight endedAt');
    return this.write(() => {
      if (!this.flightNow(id)) throw notFound('flight', id);
      this.db.prepare('UPDATE flights SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(at, id);
      return this.flightNow(id)!;
    }, `flight ${id}`);
  }

  async appendTrack(flightId: string, points: readonly TrackPoint[]): Promise<void> {
    v.parseInput(v.id, flightId, 'appendTrack flightId');
    const ps = v.parseInput(v.trackSchema, points, 'appendTrack points');
    if (ps.length === 0) return this.open();
    return this.write(() => {
      if (!this.db.prepare('SELECT 1 FROM flights WHERE id = ?').get(flightId)) throw notFound('flight', flightId);
      const { next } = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM track_points WHERE flight_id = ?').get(flightId) as { next: number };
      const insert = this.db.prepare('INSERT INTO track_points (flight_id, seq, at, lat, lon, alt_amsl_m, rel_alt_m) VALUES (?, ?, ?, ?, ?, ?, ?)');
      ps.forEach((p, k) => insert.run(flightId, next + k, p.at, p.lat, p.lon, p.altAmslM, p.relAltM ?? null));
    }, `flight ${flightId}`);
  }

  async getTrack(flightId: string, options: { maxPoints?: number } = {}): Promise<TrackPoint[]> {
    this.open();
    v.parseInput(v.id, flightId, 'getTrack flightId');
    const max = options.maxPoints === undefined ? undefined : v.parseInput(v.maxPointsSchema, options.maxPoints, 'getTrack maxPoints');
    if (!this.db.prepare('SELECT 1 FROM flights WHERE id = ?').get(flightId)) throw notFound('flight', flightId);
    const rows = this.db.prepare('SELECT at, lat, lon, alt_amsl_m, rel_alt_m FROM track_points WHERE flight_id = ? ORDER BY seq').all(flightId) as TrackRow[];
    const points = rows.map(toTrackPoint);
    if (max === undefined || points.length <= max) return points;
    // Evenly spaced indices, first and last included.
    return Array.from({ length: max }, (_, k) => points[Math.round((k * (points.length - 1)) / (max - 1))]!);
  }

  async getFlight(id: string): Promise<FlightRecord | undefined> {
    this.open();
    return typeof id === 'string' ? this.flightNow(id) : undefined;
  }

  async listFlights(filter: FlightFilter = {}): Promise<FlightRecord[]> {
    this.open();
    const q = flightsQuery(v.parseInput(v.flightFilterSchema, filter, 'listFlights'));
    return (this.db.prepare(q.sql).all(...q.params) as FlightRow[]).map(toFlight);
  }

  private flightNow(id: string): FlightRecord | undefined {
    const row = this.db.prepare(`${FLIGHT_SELECT} WHERE f.id = ?`).get(id) as FlightRow | undefined;
    return row && toFlight(row);
  }

  // ── alerts ────────────────────────────────────────────────────────────────

  async raiseAlert(input: NewAlert): Promise<AlertRecord> {
    const i = v.parseInput(v.newAlertSchema, input, 'raiseAlert');
    const details = encodeJson(i.details ?? null, 'details');
    return this.write(() => {
      const r = this.db
        .prepare('INSERT INTO alerts (at, severity, code, message, vehicle_id, vehicle_sysid, delivery_id, details_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(i.at ?? this.stamp(), i.severity, i.code, i.message, i.vehicleId ?? null, i.vehicleSysid ?? null, i.deliveryId ?? null, details);
      return this.alertNow(Number(r.lastInsertRowid))!;
    }, 'alert');
  }

  async raiseAlerts(inputs: readonly NewAlert[]): Promise<AlertRecord[]> {
    const rows = v.parseInput(v.batchSchema, inputs, 'raiseAlerts').map((input, k) => v.parseInput(v.newAlertSchema, input, `raiseAlerts[${k}]`));
    if (rows.length === 0) return [];
    const details = rows.map((i) => encodeJson(i.details ?? null, 'details'));
    const stamp = this.stamp();
    return this.write(() => {
      const insert = this.db.prepare('INSERT INTO alerts (at, severity, code, message, vehicle_id, vehicle_sysid, delivery_id, details_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      return rows.map((i, k) => this.alertNow(Number(insert.run(i.at ?? stamp, i.severity, i.code, i.message, i.vehicleId ?? null, i.vehicleSysid ?? null, i.deliveryId ?? null, details[k]).lastInsertRowid))!);
    }, `${rows.length} alerts`);
  }

  async clearAlerts(ids: readonly number[], at?: string): Promise<AlertRecord[]> {
    v.parseInput(v.batchSchema, ids, 'clearAlerts').forEach((id, k) => v.parseInput(v.alertIdSchema, id, `clearAlerts[${k}]`));
    const when = at === undefined ? this.stamp() : v.parseInput(v.time, at, 'clearAlerts at');
    if (ids.length === 0) return [];
    return this.write(() => {
      const missing = ids.find((id) => !this.alertNow(id));
      if (missing !== undefined) throw notFound('alert', String(missing));
      const clear = this.db.prepare('UPDATE alerts SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL');
      for (const id of ids) clear.run(when, id);
      return ids.map((id) => this.alertNow(id)!);
    }, `${ids.length} alerts`);
  }

  async acknowledgeAlert(id: number, by: string, at?: string): Promise<AlertRecord> {
    v.parseInput(v.alertIdSchema, id, 'acknowledgeAlert id');
    const who = v.parseInput(v.actorNameSchema, by, 'acknowledgeAlert by');
    const when = at === undefined ? this.stamp() : v.parseInput(v.time, at, 'acknowledgeAlert at');
    return this.write(() => {
      if (!this.alertNow(id)) throw notFound('alert', String(id));
      this.db.prepare('UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL').run(who, when, id);
      return this.alertNow(id)!;
    }, `alert ${id}`);
  }

  async clearAlert(id: number, at?: string): Promise<AlertRecord> {
    v.parseInput(v.alertIdSchema, id, 'clearAlert id');
    const when = at === undefined ? this.stamp() : v.parseInput(v.time, at, 'clearAlert at');
    return this.write(() => {
      if (!this.alertNow(id)) throw notFound('alert', String(id));
      this.db.prepare('UPDATE alerts SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL').run(when, id);
      return this.alertNow(id)!;
    }, `alert ${id}`);
  }

  async getAlert(id: number): Promise<AlertRecord | undefined> {
    this.open();
    return Number.isSafeInteger(id) ? this.alertNow(id) : undefined;
  }

  async listAlerts(filter: AlertFilter = {}): Promise<AlertRecord[]> {
    this.open();
    const q = alertsQuery(v.parseInput(v.alertFilterSchema, filter, 'listAlerts'));
    return (this.db.prepare(q.sql).all(...q.params) as AlertRow[]).map(toAlert);
  }

  private alertNow(id: number): AlertRecord | undefined {
    const row = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
    return row && toAlert(row);
  }

  // ── approvals ─────────────────────────────────────────────────────────────

  async saveApproval(input: ApprovalRecord): Promise<ApprovalRecord> {
    const a = v.parseInput(v.approvalSchema, input, 'saveApproval');
    return this.write(() => {
      this.db.prepare('INSERT OR REPLACE INTO approvals (opaque_id, delivery_id, approved_by, at) VALUES (?, ?, ?, ?)').run(a.opaqueId, a.deliveryId, a.approvedBy, a.at);
      return a;
    }, `approval ${a.opaqueId}`);
  }

  async listApprovals(): Promise<ApprovalRecord[]> {
    this.open();
    const rows = this.db.prepare('SELECT opaque_id, delivery_id, approved_by, at FROM approvals ORDER BY at DESC, opaque_id').all() as { opaque_id: number; delivery_id: string; approved_by: string; at: string }[];
    return rows.map((r) => ({ opaqueId: r.opaque_id, deliveryId: r.delivery_id, approvedBy: r.approved_by, at: r.at }));
  }

  // ── audit ─────────────────────────────────────────────────────────────────

  async appendAudit(input: NewAudit): Promise<AuditRecord> {
    const i = v.parseInput(v.newAuditSchema, input, 'appendAudit');
    const params = encodeJson(i.params ?? null, 'params');
    return this.write(() => {
      const r = this.db
        .prepare('INSERT INTO audit (at, actor_name, actor_role, action, params_json, result, error_code, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(i.at ?? this.stamp(), i.actor.name, i.actor.role, i.action, params, i.result, i.error?.code ?? null, i.error?.message ?? null);
      return toAudit(this.db.prepare('SELECT * FROM audit WHERE id = ?').get(Number(r.lastInsertRowid)) as AuditRow);
    }, 'audit entry');
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    this.open();
    const q = auditQuery(v.parseInput(v.auditFilterSchema, filter, 'listAudit'));
    return (this.db.prepare(q.sql).all(...q.params) as AuditRow[]).map(toAudit);
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────

  /** `PRAGMA integrity_check`: `['ok']` for a sound database, otherwise the problems found. */
  async integrityCheck(): Promise<string[]> {
    this.open();
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private open(): void {
    if (this.closed) throw new StoreError('STORE_CLOSED', `the store ${this.path} is closed; open it again`, { path: this.path });
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /** Runs `fn` in one BEGIN IMMEDIATE transaction; returns after COMMIT (= acknowledged), mapping SQLite errors to codes. */
  private write<T>(fn: () => T, what: string): T {
    this.open();
    try {
      return this.db.transaction(fn).immediate();
    } catch (e) {
      if (e instanceof StoreError) throw e;
      const code = (e as { code?: string }).code ?? '';
      if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new StoreError('STORE_DUPLICATE', `${what} already exists; choose another id or omit it to get a new one`, { sqlite: code });
      }
      if (code === 'SQLITE_READONLY') throw new StoreError('STORE_WRITE_FAILED', `cannot write ${what}: the store ${this.path} is open read-only`, { sqlite: code });
      throw new StoreError('STORE_WRITE_FAILED', `writing ${what} failed (${code || 'error'}: ${(e as Error).message}); nothing was stored — check disk space and permissions of ${this.path}, then retry`, { sqlite: code });
    }
  }
}

function notFound(kind: string, id: string): StoreError {
  return new StoreError('STORE_NOT_FOUND', `${kind} ${id} does not exist; check the id (list them to see which exist)`, { kind, id });
}

function decodeColumn(text: string | undefined): DeliveryRecord['plan'] {
  return text === undefined ? null : decodeJson(text);
}
