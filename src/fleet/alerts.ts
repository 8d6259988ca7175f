/** Alerts: what conformance monitoring and link supervision report to ground staff. */

/** What link supervision raises (src/fleet/link-alerts.ts stores them; docs/security.md). */
export const LINK_ALERT_CODES = ['LINK_ADDRESS_CONFLICT', 'LINK_ADDRESS_CHANGED', 'LINK_PEER_LIMIT', 'VEHICLE_LIMIT', 'SIGNING_STOPPED', 'SIGNING_OTHER_VEHICLE_KEY'] as const;
export const ALERT_CODES = [
  'LINK_LOST',
  'TELEMETRY_STALE',
  'OFF_CORRIDOR',
  'ALTITUDE_OUT_OF_BAND',
  'ABOVE_CEILING',
  'IN_PROHIBITED_ZONE',
  'IN_UNPLANNED_ZONE',
  'IN_OBSTACLE_CLEARANCE',
  'BATTERY_INSUFFICIENT',
  'VEHICLE_FAILSAFE',
  ...LINK_ALERT_CODES,
] as const;
export type AlertCode = (typeof ALERT_CODES)[number];
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** A condition as a check sees it now; the tracker turns these into raised/cleared alerts. */
export interface Violation {
  readonly code: AlertCode;
  readonly severity: AlertSeverity;
  readonly message: string;
  /** e.g. the zone id, so two zones are two alerts. */
  readonly key?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Alert extends Violation {
  readonly vehicle: number;
  readonly deliveryId: string | undefined;
  readonly raisedAtMs: number;
  /** Since when the condition has not been seen (the alert stays until ALERT_CLEAR_HOLD_MS passed). */
  readonly absentSinceMs?: number;
}

/**
 * How long a condition must stay away before its alert clears. A value that hovers at its threshold
 * (a vehicle holding near its battery need, a corridor edge in gusts) would otherwise raise and clear
 * the same alert at telemetry rate and bury ground staff in repeats.
 */
export const ALERT_CLEAR_HOLD_MS = 5_000;

export interface AlertTransitions {
  /** The alerts active now, keyed by code + key. */
  readonly active: ReadonlyMap<string, Alert>;
  readonly raised: readonly Alert[];
  readonly cleared: readonly Alert[];
}

const keyOf = (v: Violation): string => (v.key ? `${v.code}:${v.key}` : v.code);

/**
 * Fold the violations seen at `nowMs` into the active alerts: a new violation raises an alert once
 * (no repeat every telemetry tick), a violation gone for `holdMs` clears it (one that comes back
 * sooner keeps its alert, not raised again), a worse severity re-raises.
 * @example trackAlerts(new Map(), [{ code: 'OFF_CORRIDOR', severity: 'warning', message: '…' }], { vehicle: 1, deliveryId: 'd1', nowMs: 0 }).raised.length // 1
 */
export function trackAlerts(active: ReadonlyMap<string, Alert>, violations: readonly Violation[], ctx: { vehicle: number; deliveryId: string | undefined; nowMs: number; holdMs?: number }): AlertTransitions {
  const next = new Map<string, Alert>();
  const raised: Alert[] = [];
  const rank: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
  for (const v of violations) {
    const k = keyOf(v);
    const prev = active.get(k);
    if (prev && rank[prev.severity] >= rank[v.severity]) {
      next.set(k, present(prev));
      continue;
    }
    const alert: Alert = { ...v, vehicle: ctx.vehicle, deliveryId: ctx.deliveryId, raisedAtMs: ctx.nowMs };
    next.set(k, alert);
    raised.push(alert);
  }
  const cleared: Alert[] = [];
  const hold = ctx.holdMs ?? ALERT_CLEAR_HOLD_MS;
  for (const [k, a] of active) {
    if (next.has(k)) continue;
    const since = a.absentSinceMs ?? ctx.nowMs;
    if (ctx.nowMs - since >= hold) cleared.push(present(a));
    else next.set(k, { ...a, absentSinceMs: since });
  }
  return { active: next, raised, cleared };
}

/** The alert with its condition seen again (no absence pending). */
function present(a: Alert): Alert {
  if (a.absentSinceMs === undefined) return a;
  const { absentSinceMs: _gone, ...rest } = a;
  return rest;
}
