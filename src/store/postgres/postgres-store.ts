/**
 * The Store on PostgreSQL (for several service instances sharing one store of record; the
 * embedded default stays SqliteStore). Same semantics as the SQLite store, method by method: one
 * transaction per call, resolved after COMMIT, the same StoreError codes, rows mapped by the same
 * functions (src/store/sqlite/rows.ts; the pool's type parsers make PostgreSQL rows look alike).
 * A lifecycle step locks its delivery row (SELECT … FOR UPDATE), so two instances cannot both
 * move one delivery; a track batch locks its flight row, so sequence numbers never collide.
 */
import { randomUUID } from 'node:crypto';
import { assertTransition, type DeliveryState } from '../delivery-state.js';
import { StoreError } from '../errors.js';
import { decodeJson, encodeJson } from '../json.js';
import type { AlertFilter, AlertRecord, ApprovalRecord, AuditFilter, AuditRecord, DeliveryFilter, DeliveryRecord, DeliverySummary, FlightFilter, FlightRecord, NewAlert, NewAudit, NewDelivery, NewFlight, Store, TrackPoint, TransitionInput } from '../store.js';
import * as v from '../validate.js';
import { alertsQuery, auditQuery, deliveriesQuery, FLIGHT_SELECT, flightsQuery } from '../list-queries.js';
import { toAlert, toAudit, toFlight, toSummary, toTrackPoint, toTransition, type AlertRow, type AuditRow, type DeliveryRow, type FlightRow, type TrackRow, type TransitionRow } from '../sqlite/rows.js';
import { pgMigrate } from './migrations.js';
import { PgDb, redactUrl, type PgDbOptions, type Q } from './pool.js';

export interface PostgresStoreOptions extends PgDbOptions {
  /** Clock for default timestamps (tests inject one). */
  readonly now?: () => Date;
}


/** `?` placeholders (shared Query builder) → PostgreSQL's `$1, $2, …`. */
const pgSql = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** PostgreSQL implementation of {@link Store}. Open with {@link PostgresStore.open}. */
/** Rows per INSERT of raiseAlerts. */
const ALERT_BATCH = 500;

export class PostgresStore implements Store {
  private closed = false;

  private constructor(
    private readonly db: PgDb,
    /** The database URL without its password. */
    readonly where: string,
    /** Migration versions applied by this open (empty when the schema was current). */
    readonly migrationsApplied: readonly number[],
    private readonly now: () => Date,
  ) {}

  /**
   * Connects (retrying for `retryMs` while PostgreSQL starts), creates the schema if asked, migrates.
   * @example const store = await PostgresStore.open({ url: 'postgres://elbflug@localhost/elbflug' });
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const where = redactUrl(options.url) + (options.schema ? ` (schema ${options.schema})` : '');
    const now = options.now ?? (() => new Date());
    let db: PgDb;
    try {
      db = new PgDb(options, where);
    } catch (e) {
      throw new StoreError('STORE_OPEN_FAILED', `cannot use the database ${where}: ${(e as Error).message}; check store.url (postgres://user:password@host:5432/database)`, { where });
    }
    try {
      // IF NOT EXISTS is not race-safe: instances starting together may collide (23505); the schema then exists.
      if (options.schema) await db.run('schema', async (q) => void (await q(`CREATE SCHEMA IF NOT EXISTS "${options.schema!.replace(/"/g, '""')}"`))).catch((e: unknown) => {
        if (!(e instanceof StoreError && e.code === 'STORE_DUPLICATE')) throw e;
      });
      const client = await db.pool.connect().catch((e: Error) => {
        throw new StoreError('STORE_OPEN_FAILED', `cannot connect to ${where}: ${e.message}; is PostgreSQL running, and do store.url's user and password work?`, { where });
      });
      try {
        return new PostgresStore(db, where, await pgMigrate(client, where, () => now().toISOString()), now);
      } finally {
        client.release();
      }
    } catch (e) {
      await db.end().catch(() => undefined);
      if (e instanceof StoreError && e.code !== 'STORE_UNAVAILABLE' && e.code !== 'STORE_WRITE_FAILED') throw e;
      throw new StoreError('STORE_OPEN_FAILED', `cannot open the database ${where}: ${(e as Error).message}`, { where });
    }
  }

  // ── deliveries ────────────────────────────────────────────────────────────

  async createDelivery(input: NewDelivery): Promise<DeliveryRecord> {
    this.open();
    const i = v.parseInput(v.newDeliverySchema, input, 'createDelivery');
    const request = encodeJson(i.request, 'request');
    const plan = encodeJson(i.plan ?? null, 'plan');
    const id = i.id ?? randomUUID();
    const at = i.at ?? this.stamp();
    return this.write(`delivery ${id}`, async (q) => {
      await q('INSERT INTO deliveries (id, created_at, updated_at, state, vehicle_id, vehicle_sysid, request_json, plan_json) VALUES ($1, $2, $2, $3, $4, $5, $6, $7)', [id, at, 'planned', i.vehicleId ?? null, i.vehicleSysid ?? null, request, plan]);
      await q('INSERT INTO delivery_transitions (delivery_id, seq, from_state, to_state, at, cause) VALUES ($1, 1, NULL, $2, $3, $4)', [id, 'planned', at, i.cause]);
      return (await deliveryNow(q, id))!;
    });
  }

  async transitionDelivery(id: string, input: TransitionInput): Promise<DeliveryRecord> {
    this.open();
    v.parseInput(v.id, id, 'transitionDelivery id');
    const i = v.parseInput(v.transitionSchema, input, 'transitionDelivery');
    const plan = i.plan === undefined ? undefined : encodeJson(i.plan, 'plan');
    const at = i.at ?? this.stamp();
    return this.write(`delivery ${id}`, async (q) => {
      const [row] = await q<{ state: DeliveryState }>('SELECT state FROM deliveries WHERE id = $1 FOR UPDATE', [id]);
      if (!row) throw notFound('delivery', id);
      assertTransition(id, row.state, i.to, i.expectedFrom);
      const sets = ['state = ?', 'updated_at = ?'];
      const params: unknown[] = [i.to, at];
      for (const [column, value] of [['vehicle_id', i.vehicleId], ['vehicle_sysid', i.vehicleSysid], ['plan_json', plan]] as const) {
        if (value === undefined) continue; // undefined keeps, null clears
        sets.push(`${column} = ?`);
        params.push(value);
      }
      await q(pgSql(`UPDATE deliveries SET ${sets.join(', ')} WHERE id = ?`), [...params, id]);
      const [{ next }] = (await q<{ next: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM delivery_transitions WHERE delivery_id = $1', [id])) as [{ next: number }];
      await q('INSERT INTO delivery_transitions (delivery_id, seq, from_state, to_state, at, cause) VALUES ($1, $2, $3, $4, $5, $6)', [id, next, row.state, i.to, at, i.cause]);
      return (await deliveryNow(q, id))!;
    });
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    this.open();
    return typeof id === 'string' ? this.read('delivery', (q) => deliveryNow(q, id)) : undefined;
  }

  async listDeliveries(filter: DeliveryFilter = {}): Promise<DeliverySummary[]> {
    this.open();
    const l = deliveriesQuery(v.parseInput(v.deliveryFilterSchema, filter, 'listDeliveries'));
    return this.read('deliveries', async (q) => (await q<DeliveryRow>(pgSql(l.sql), l.params)).map(toSummary));
  }

  // ── flights ───────────────────────────────────────────────────────────────

  async startFlight(input: NewFlight): Promise<FlightRecord> {
    this.open();
    const i = v.parseInput(v.newFlightSchema, input, 'startFlight');
    const id = i.id ?? randomUUID();
    return this.write(`flight ${id}`, async (q) => {
      if (i.deliveryId != null && (await q('SELECT 1 FROM deliveries WHERE id = $1', [i.deliveryId])).length === 0) throw notFound('delivery', i.deliveryId);
      await q('INSERT INTO flights (id, delivery_id, vehicle_id, vehicle_sysid, started_at, tlog_path) VALUES ($1, $2, $3, $4, $5, $6)', [id, i.deliveryId ?? null, i.vehicleId ?? null, i.vehicleSysid ?? null, i.startedAt ?? this.stamp(), i.tlogPath ?? null]);
      return (await flightNow(q, id))!;
    });
  }

  async endFlight(id: string, endedAt?: string): Promise<FlightRecord> {
    this.open();
    v.parseInput(v.id, id, 'endFlight id');
    const at = endedAt === undefined ? this.stamp() : v.parseInput(v.time, endedAt, 'endFlight endedAt');
    return this.write(`flight ${id}`, async (q) => {
      if ((await q('SELECT 1 FROM flights WHERE id = $1 FOR UPDATE', [id])).length === 0) throw notFound('flight', id);
      await q('UPDATE flights SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL', [at, id]);
      return (await flightNow(q, id))!;
    });
  }

  async appendTrack(flightId: string, points: readonly TrackPoint[]): Promise<void> {
    this.open();
    v.parseInput(v.id, flightId, 'appendTrack flightId');
    const ps = v.parseInput(v.trackSchema, points, 'appendTrack points');
    if (ps.length === 0) return;
    return this.write(`flight ${flightId}`, async (q) => {
      if ((await q('SELECT 1 FROM flights WHERE id = $1 FOR UPDATE', [flightId])).length === 0) throw notFound('flight', flightId);
      const [{ next }] = (await q<{ next: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM track_points WHERE flight_id = $1', [flightId])) as [{ next: number }];
      // One multi-row INSERT per batch (unnest of arrays), not one round trip per point.
      await q(
        `INSERT INTO track_points (flight_id, seq, at, lat, lon, alt_amsl_m, rel_alt_m)
         SELECT $1, $2::int + o - 1, a, la, lo, am, ra FROM unnest($3::timestamptz[], $4::float8[], $5::float8[], $6::float8[], $7::float8[]) WITH ORDINALITY AS u(a, la, lo, am, ra, o)`,
        [flightId, next, ps.map((p) => p.at), ps.map((p) => p.lat), ps.map((p) => p.lon), ps.map((p) => p.altAmslM), ps.map((p) => p.relAltM ?? null)],
      );
    });
  }

  async getTrack(flightId: string, options: { maxPoints?: number } = {}): Promise<TrackPoint[]> {
    this.open();
    v.parseInput(v.id, flightId, 'getTrack flightId');
    const max = options.maxPoints === undefined ? undefined : v.parseInput(v.maxPointsSchema, options.maxPoints, 'getTrack maxPoints');
    const points = await this.read(`flight ${flightId}`, async (q) => {
      if ((await q('SELECT 1 FROM flights WHERE id = $1', [flightId])).length === 0) throw notFound('flight', flightId);
      return (await q<TrackRow>('SELECT at, lat, lon, alt_amsl_m, rel_alt_m FROM track_points WHERE flight_id = $1 ORDER BY seq', [flightId])).map(toTrackPoint);
    });
    if (max === undefined || points.length <= max) return points;
    return Array.from({ length: max }, (_, k) => points[Math.round((k * (points.length - 1)) / (max - 1))]!);
  }

  async getFlight(id: string): Promise<FlightRecord | undefined> {
    this.open();
    return typeof id === 'string' ? this.read('flight', (q) => flightNow(q, id)) : undefined;
  }

  async listFlights(filter: FlightFilter = {}): Promise<FlightRecord[]> {
    this.open();
    const l = flightsQuery(v.parseInput(v.flightFilterSchema, filter, 'listFlights'));
    return this.read('flights', async (q) => (await q<FlightRow>(pgSql(l.sql), l.params)).map(toFlight));
  }

  // ── alerts ────────────────────────────────────────────────────────────────

  async raiseAlert(input: NewAlert): Promise<AlertRecord> {
    this.open();
    const i = v.parseInput(v.newAlertSchema, input, 'raiseAlert');
    const details = encodeJson(i.details ?? null, 'details');
    return this.write('alert', async (q) => {
      const [row] = await q<AlertRow>('INSERT INTO alerts (at, severity, code, message, vehicle_id, vehicle_sysid, delivery_id, details_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *', [
        i.at ?? this.stamp(),
        i.severity,
        i.code,
        i.message,
        i.vehicleId ?? null,
        i.vehicleSysid ?? null,
        i.deliveryId ?? null,
        details,
      ]);
      return toAlert(row!);
    });
  }

  async raiseAlerts(inputs: readonly NewAlert[]): Promise<AlertRecord[]> {
    this.open();
    const rows = v.parseInput(v.batchSchema, inputs, 'raiseAlerts').map((input, k) => {
      const i = v.parseInput(v.newAlertSchema, input, `raiseAlerts[${k}]`);
      return [i.severity, i.code, i.message, i.vehicleId ?? null, i.vehicleSysid ?? null, i.deliveryId ?? null, encodeJson(i.details ?? null, 'details'), i.at] as const;
    });
    if (rows.length === 0) return [];
    const stamp = this.stamp();
    return this.write(`${rows.length} alerts`, async (q) => {
      const out: AlertRecord[] = [];
      // Multi-row INSERTs of at most ALERT_BATCH rows (8 parameters each; PostgreSQL allows 65,535).
      for (let k = 0; k < rows.length; k += ALERT_BATCH) {
        const chunk = rows.slice(k, k + ALERT_BATCH);
        const values = chunk.map((_, j) => `(${Array.from({ length: 8 }, (_, c) => `$${j * 8 + c + 1}`).join(', ')})`).join(', ');
        const params = chunk.flatMap(([sev, code, msg, vid, sysid, did, details, at]) => [at ?? stamp, sev, code, msg, vid, sysid, did, details]);
        const got = await q<AlertRow>(`INSERT INTO alerts (at, severity, code, message, vehicle_id, vehicle_sysid, delivery_id, details_json) VALUES ${values} RETURNING *`, params);
        out.push(...got.map(toAlert).sort((a, b) => a.id - b.id));
      }
      return out;
    });
  }

  async clearAlerts(ids: readonly number[], at?: string): Promise<AlertRecord[]> {
    this.open();
    v.parseInput(v.batchSchema, ids, 'clearAlerts').forEach((id, k) => v.parseInput(v.alertIdSchema, id, `clearAlerts[${k}]`));
    const when = at === undefined ? this.stamp() : v.parseInput(v.time, at, 'clearAlerts at');
    if (ids.length === 0) return [];
    return this.write(`${ids.length} alerts`, async (q) => {
      const found = await q<{ id: number }>('SELECT id FROM alerts WHERE id = ANY($1::bigint[]) FOR UPDATE', [ids]);
      const have = new Set(found.map((r) => Number(r.id)));
      const missing = ids.find((id) => !have.has(id));
      if (missing !== undefined) throw notFound('alert', String(missing));
      await q('UPDATE alerts SET cleared_at = $2 WHERE id = ANY($1::bigint[]) AND cleared_at IS NULL', [ids, when]);
      const byId = new Map((await q<AlertRow>('SELECT * FROM alerts WHERE id = ANY($1::bigint[])', [ids])).map((r) => [Number(r.id), toAlert(r)]));
      return ids.map((id) => byId.get(id)!);
    });
  }

  async acknowledgeAlert(id: number, by: string, at?: string): Promise<AlertRecord> {
    this.open();
    v.parseInput(v.alertIdSchema, id, 'acknowledgeAlert id');
    const who = v.parseInput(v.actorNameSchema, by, 'acknowledgeAlert by');
    const when = at === undefined ? this.stamp() : v.parseInput(v.time, at, 'acknowledgeAlert at');
    return this.updateAlert(id, 'UPDATE alerts SET acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1 AND acknowledged_at IS NULL', [who, when]);
  }

  async clearAlert(id: number, at?: string): Promise<AlertRecord> {
    this.open();
    v.parseInput(v.alertIdSchema, id, 'clearAlert id');
    const when = at === undefined ? this.stamp() : v.parseInput(v.time, at, 'clearAlert at');
    return this.updateAlert(id, 'UPDATE alerts SET cleared_at = $2 WHERE id = $1 AND cleared_at IS NULL', [when]);
  }

  private updateAlert(id: number, sql: string, params: unknown[]): Promise<AlertRecord> {
    return this.write(`alert ${id}`, async (q) => {
      if ((await q('SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE', [id])).length === 0) throw notFound('alert', String(id));
      await q(sql, [id, ...params]);
      return toAlert((await q<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id]))[0]!);
    });
  }

  async getAlert(id: number): Promise<AlertRecord | undefined> {
    this.open();
    if (!Number.isSafeInteger(id)) return undefined;
    return this.read('alert', async (q) => (await q<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id])).map(toAlert)[0]);
  }

  async listAlerts(filter: AlertFilter = {}): Promise<AlertRecord[]> {
    this.open();
    const l = alertsQuery(v.parseInput(v.alertFilterSchema, filter, 'listAlerts'));
    return this.read('alerts', async (q) => (await q<AlertRow>(pgSql(l.sql), l.params)).map(toAlert));
  }

  // ── approvals ─────────────────────────────────────────────────────────────

  async saveApproval(input: ApprovalRecord): Promise<ApprovalRecord> {
    this.open();
    const a = v.parseInput(v.approvalSchema, input, 'saveApproval');
    return this.write(`approval ${a.opaqueId}`, async (q) => {
      await q('INSERT INTO approvals (opaque_id, delivery_id, approved_by, at) VALUES ($1, $2, $3, $4) ON CONFLICT (opaque_id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id, approved_by = EXCLUDED.approved_by, at = EXCLUDED.at', [a.opaqueId, a.deliveryId, a.approvedBy, a.at]);
      return a;
    });
  }

  async listApprovals(): Promise<ApprovalRecord[]> {
    this.open();
    const rows = await this.read('approvals', (q) => q<{ opaque_id: number; delivery_id: string; approved_by: string; at: string }>('SELECT opaque_id, delivery_id, approved_by, at FROM approvals ORDER BY at DESC, opaque_id'));
    return rows.map((r) => ({ opaqueId: r.opaque_id, deliveryId: r.delivery_id, approvedBy: r.approved_by, at: r.at }));
  }

  // ── audit ─────────────────────────────────────────────────────────────────

  async appendAudit(input: NewAudit): Promise<AuditRecord> {
    this.open();
    const i = v.parseInput(v.newAuditSchema, input, 'appendAudit');
    const params = encodeJson(i.params ?? null, 'params');
    return this.write('audit entry', async (q) => {
      const [row] = await q<AuditRow>('INSERT INTO audit (at, actor_name, actor_role, action, params_json, result, error_code, error_message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *', [
        i.at ?? this.stamp(),
        i.actor.name,
        i.actor.role,
        i.action,
        params,
        i.result,
        i.error?.code ?? null,
        i.error?.message ?? null,
      ]);
      return toAudit(row!);
    });
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    this.open();
    const l = auditQuery(v.parseInput(v.auditFilterSchema, filter, 'listAudit'));
    return this.read('audit', async (q) => (await q<AuditRow>(pgSql(l.sql), l.params)).map(toAudit));
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────

  /** Whether PostgreSQL answers now (readiness probes): one round trip, no retry. */
  async ping(): Promise<boolean> {
    if (this.closed) return false;
    return this.db.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.end();
  }

  private open(): void {
    if (this.closed) throw new StoreError('STORE_CLOSED', `the store ${this.where} is closed; open it again`, { where: this.where });
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private write<T>(what: string, fn: (q: Q) => Promise<T>): Promise<T> {
    return this.db.run(what, fn, 'write');
  }

  private read<T>(what: string, fn: (q: Q) => Promise<T>): Promise<T> {
    return this.db.run(what, fn, 'read');
  }
}

async function deliveryNow(q: Q, id: string): Promise<DeliveryRecord | undefined> {
  const [row] = await q<DeliveryRow>('SELECT * FROM deliveries WHERE id = $1', [id]);
  if (!row) return undefined;
  const transitions = await q<TransitionRow>('SELECT from_state, to_state, at, cause FROM delivery_transitions WHERE delivery_id = $1 ORDER BY seq', [id]);
  return { ...toSummary(row), plan: row.plan_json === undefined ? null : decodeJson(row.plan_json), transitions: transitions.map(toTransition) };
}

async function flightNow(q: Q, id: string): Promise<FlightRecord | undefined> {
  const [row] = await q<FlightRow>(`${FLIGHT_SELECT} WHERE f.id = $1`, [id]);
  return row && toFlight(row);
}

function notFound(kind: string, id: string): StoreError {
  return new StoreError('STORE_NOT_FOUND', `${kind} ${id} does not exist; check the id (list them to see which exist)`, { kind, id });
}
