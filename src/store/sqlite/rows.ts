/** Row shapes of the SQLite tables and their mapping to the Store's plain records. */
import type { DeliveryState } from '../delivery-state.js';
import { decodeJson } from '../json.js';
import type { AlertRecord, AlertSeverity, AuditRecord, DeliverySummary, FlightRecord, TrackPoint, Transition } from '../store.js';

export interface DeliveryRow {
  id: string;
  created_at: string;
  updated_at: string;
  state: DeliveryState;
  vehicle_id: string | null;
  vehicle_sysid: number | null;
  request_json: string;
  plan_json?: string;
}
export interface TransitionRow {
  from_state: DeliveryState | null;
  to_state: DeliveryState;
  at: string;
  cause: string;
}
export interface FlightRow {
  id: string;
  delivery_id: string | null;
  vehicle_id: string | null;
  vehicle_sysid: number | null;
  started_at: string;
  ended_at: string | null;
  tlog_path: string | null;
  track_points: number;
}
export interface TrackRow {
  at: string;
  lat: number;
  lon: number;
  alt_amsl_m: number;
  rel_alt_m: number | null;
}
export interface AlertRow {
  id: number;
  at: string;
  severity: AlertSeverity;
  code: string;
  message: string;
  vehicle_id: string | null;
  vehicle_sysid: number | null;
  delivery_id: string | null;
  details_json: string;
  cleared_at: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}
export interface AuditRow {
  id: number;
  at: string;
  actor_name: string;
  actor_role: string;
  action: string;
  params_json: string;
  result: 'ok' | 'error';
  error_code: string | null;
  error_message: string | null;
}

export const toSummary = (r: DeliveryRow): DeliverySummary => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  state: r.state,
  vehicleId: r.vehicle_id,
  vehicleSysid: r.vehicle_sysid,
  request: decodeJson(r.request_json),
});

export const toTransition = (r: TransitionRow): Transition => ({ from: r.from_state, to: r.to_state, at: r.at, cause: r.cause });

export const toFlight = (r: FlightRow): FlightRecord => ({
  id: r.id,
  deliveryId: r.delivery_id,
  vehicleId: r.vehicle_id,
  vehicleSysid: r.vehicle_sysid,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  tlogPath: r.tlog_path,
  trackPoints: r.track_points,
});

export const toTrackPoint = (r: TrackRow): TrackPoint => ({ at: r.at, lat: r.lat, lon: r.lon, altAmslM: r.alt_amsl_m, relAltM: r.rel_alt_m });

export const toAlert = (r: AlertRow): AlertRecord => ({
  id: r.id,
  at: r.at,
  severity: r.severity,
  code: r.code,
  message: r.message,
  vehicleId: r.vehicle_id,
  vehicleSysid: r.vehicle_sysid,
  deliveryId: r.delivery_id,
  details: decodeJson(r.details_json),
  clearedAt: r.cleared_at,
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: r.acknowledged_at,
});

export const toAudit = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: r.at,
  actor: { name: r.actor_name, role: r.actor_role },
  action: r.action,
  params: decodeJson(r.params_json),
  result: r.result,
  error: r.error_code !== null ? { code: r.error_code, message: r.error_message ?? '' } : null,
});

/** Builds `WHERE … ORDER BY … LIMIT … OFFSET …` from optional conditions. */
export class Query {
  private readonly where: string[] = [];
  readonly params: unknown[] = [];
  /** Adds `sql` when `value` is defined; its `?` placeholders take `params`, or `value` itself when none are given. */
  when(value: unknown, sql: string, ...params: unknown[]): this {
    if (value !== undefined) {
      this.where.push(sql);
      if (sql.includes('?')) this.params.push(...(params.length > 0 ? params : [value]));
    }
    return this;
  }
  /** `column IN (?, ?, …)` when `values` is defined. */
  in(column: string, values: readonly unknown[] | undefined): this {
    if (values !== undefined) {
      this.where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      this.params.push(...values);
    }
    return this;
  }
  sql(select: string, order: string, limit: number, offset: number): string {
    this.params.push(limit, offset);
    return `${select}${this.where.length ? ` WHERE ${this.where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ? OFFSET ?`;
  }
}
