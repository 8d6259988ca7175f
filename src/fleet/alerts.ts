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
}

export interface AlertTransitions {
  /** The alerts active now, keyed by code + key. */
  readonly active: ReadonlyMap<string, Alert>;
  readonly raised: readonly Alert[];
  readonly cleared: readonly Alert[];
}

const keyOf = (v: Violation): string => (v.key ? `${v.code}:${v.key}` : v.code);

/**
 * Fold the violations seen at `nowMs` into the active alerts: a new violation raises an alert once
 * (no repeat every telemetry tick), a violation that is gone clears it, a worse severity re-raises.
 * @example trackAlerts(new Map(), [{ code: 'OFF_CORRIDOR', severity: 'warning', message: '…' }], { vehicle: 1, deliveryId: 'd1', nowMs: 0 }).raised.length // 1
 */
export function trackAlerts(active: ReadonlyMap<string, Alert>, violations: readonly Violation[], ctx: { vehicle: number; deliveryId: string | undefined; nowMs: number }): AlertTransitions {
  const next = new Map<string, Alert>();
  const raised: Alert[] = [];
  const rank: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
  for (const v of violations) {
    const k = keyOf(v);
    const prev = active.get(k);
    if (prev && rank[prev.severity] >= rank[v.severity]) {
      next.set(k, prev);
      continue;
    }
    const alert: Alert = { ...v, vehicle: ctx.vehicle, deliveryId: ctx.deliveryId, raisedAtMs: ctx.nowMs };
    next.set(k, alert);
    raised.push(alert);
  }
  const cleared = [...active.entries()].filter(([k]) => !next.has(k)).map(([, a]) => a);
  return { active: next, raised, cleared };
}
