/**
 * The SQL of the Store's list methods, one function per list, shared by the SQLite and PostgreSQL
 * stores (placeholders `?`; the PostgreSQL store numbers them). Input is the already validated filter.
 */
import type { z } from 'zod';
import { Query } from './sqlite/rows.js';
import type * as v from './validate.js';

export interface ListQuery {
  sql: string;
  params: unknown[];
}

/** A flight with its number of track points. */
export const FLIGHT_SELECT = `SELECT f.*, (SELECT COUNT(*) FROM track_points t WHERE t.flight_id = f.id) AS track_points FROM flights f`;

const done = (q: Query, select: string, order: string, f: { limit: number; offset: number }): ListQuery => ({ sql: q.sql(select, order, f.limit, f.offset), params: q.params });

export function deliveriesQuery(f: z.output<typeof v.deliveryFilterSchema>): ListQuery {
  const q = new Query().in('state', f.state).when(f.vehicleId, 'vehicle_id = ?').when(f.vehicleSysid, 'vehicle_sysid = ?').when(f.since, 'created_at >= ?').when(f.until, 'created_at < ?');
  return done(q, 'SELECT id, created_at, updated_at, state, vehicle_id, vehicle_sysid, request_json FROM deliveries', 'created_at DESC, id DESC', f);
}

export function flightsQuery(f: z.output<typeof v.flightFilterSchema>): ListQuery {
  const q = new Query()
    .when(f.deliveryId, 'f.delivery_id = ?')
    .when(f.vehicleId, 'f.vehicle_id = ?')
    .when(f.vehicleSysid, 'f.vehicle_sysid = ?')
    .when(f.active, f.active ? 'f.ended_at IS NULL' : 'f.ended_at IS NOT NULL')
    .when(f.since, 'f.started_at >= ?')
    .when(f.until, 'f.started_at < ?');
  return done(q, FLIGHT_SELECT, 'f.started_at DESC, f.id DESC', f);
}

export function alertsQuery(f: z.output<typeof v.alertFilterSchema>): ListQuery {
  const q = new Query()
    .when(f.vehicleId, 'vehicle_id = ?')
    .when(f.vehicleSysid, 'vehicle_sysid = ?')
    .when(f.deliveryId, 'delivery_id = ?')
    .in('severity', f.severity)
    .when(f.code, 'code = ?')
    .when(f.acknowledged, f.acknowledged ? 'acknowledged_at IS NOT NULL' : 'acknowledged_at IS NULL')
    .when(f.cleared, f.cleared ? 'cleared_at IS NOT NULL' : 'cleared_at IS NULL')
    .when(f.since, 'at >= ?')
    .when(f.until, 'at < ?');
  return done(q, 'SELECT * FROM alerts', 'at DESC, id DESC', f);
}

export function auditQuery(f: z.output<typeof v.auditFilterSchema>): ListQuery {
  // An action ending in '.' is a prefix ("delivery." → every delivery action); LIKE's wildcards in it are escaped.
  const prefix = f.action?.endsWith('.') ? `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const q = new Query()
    .when(f.actorName, 'actor_name = ?')
    .when(f.action, prefix ? "action LIKE ? ESCAPE '\\'" : 'action = ?', prefix ?? f.action)
    .when(f.result, 'result = ?')
    .when(f.since, 'at >= ?')
    .when(f.until, 'at < ?');
  return done(q, 'SELECT * FROM audit', 'at DESC, id DESC', f);
}
