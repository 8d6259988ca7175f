/**
 * What the service stores, behind one interface so a PostgreSQL implementation can follow the
 * SQLite one (docs/storage.md). Every method is async and resolves only after the write is durable
 * ("acknowledged"); every result is plain data (JSON-safe objects, ISO 8601 UTC times).
 * Bad input is rejected with a {@link StoreError}; nothing here throws anything else.
 */
import type { DeliveryState } from './delivery-state.js';

/** Any JSON value; numbers may also be NaN or ±Infinity (mission items use NaN for unused params). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** Which vehicle: the fleet's id (`"<link>/<sysid>"`, e.g. `"sim/1"`) and/or the MAVLink system id. */
export interface VehicleRef {
  readonly vehicleId: string | null;
  readonly vehicleSysid: number | null;
}

// ── deliveries ──────────────────────────────────────────────────────────────

export interface Transition {
  /** `null` for the creation (→ planned). */
  readonly from: DeliveryState | null;
  readonly to: DeliveryState;
  readonly at: string;
  /** Why, in words a pilot understands ("operator anna launched", "MISSION_UPLOAD_TIMEOUT"). */
  readonly cause: string;
}

/** A delivery without its plan and history: what lists return. */
export interface DeliverySummary extends VehicleRef {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly state: DeliveryState;
  /** The request as the operator made it (from, to, vehicle, departAt…). */
  readonly request: JsonValue;
}

export interface DeliveryRecord extends DeliverySummary {
  /** The plan: route, mission items, fence, rally… `null` until planned. */
  readonly plan: JsonValue;
  /** Every state change, oldest first. */
  readonly transitions: readonly Transition[];
}

export interface NewDelivery {
  /** Default: a random UUID. */
  readonly id?: string;
  readonly request: JsonValue;
  readonly plan?: JsonValue;
  readonly vehicleId?: string | null;
  readonly vehicleSysid?: number | null;
  /** Default: "created". */
  readonly cause?: string;
  /** Default: the store's clock. */
  readonly at?: string;
}

export interface TransitionInput {
  readonly to: DeliveryState;
  readonly cause: string;
  readonly at?: string;
  /** Refuse (DELIVERY_TRANSITION_INVALID) unless the delivery is in this state now: guards against races. */
  readonly expectedFrom?: DeliveryState;
  /** Assign or change the vehicle with the transition (e.g. at launch). */
  readonly vehicleId?: string | null;
  readonly vehicleSysid?: number | null;
  /** Replace the plan with the transition (e.g. the plan as uploaded). */
  readonly plan?: JsonValue;
}

export interface DeliveryFilter {
  readonly state?: DeliveryState | readonly DeliveryState[];
  readonly vehicleId?: string;
  readonly vehicleSysid?: number;
  /** Created at or after (ISO 8601). */
  readonly since?: string;
  /** Created before. */
  readonly until?: string;
  /** Default 100, at most 1000. */
  readonly limit?: number;
  readonly offset?: number;
}

// ── flights ─────────────────────────────────────────────────────────────────

export interface FlightRecord extends VehicleRef {
  readonly id: string;
  readonly deliveryId: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** The .tlog holding everything the link carried (the track can be derived from it). */
  readonly tlogPath: string | null;
  /** Number of stored track points. */
  readonly trackPoints: number;
}

export interface NewFlight {
  readonly id?: string;
  readonly deliveryId?: string | null;
  readonly vehicleId?: string | null;
  readonly vehicleSysid?: number | null;
  readonly tlogPath?: string | null;
  readonly startedAt?: string;
}

/** One position of a flight's track. */
export interface TrackPoint {
  readonly at: string;
  readonly lat: number;
  readonly lon: number;
  readonly altAmslM: number;
  readonly relAltM?: number | null;
}

export interface FlightFilter {
  readonly deliveryId?: string;
  readonly vehicleId?: string;
  readonly vehicleSysid?: number;
  /** true: only flights not ended; false: only ended ones. */
  readonly active?: boolean;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
  readonly offset?: number;
}

// ── alerts ──────────────────────────────────────────────────────────────────

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface AlertRecord extends VehicleRef {
  readonly id: number;
  readonly at: string;
  readonly severity: AlertSeverity;
  readonly code: string;
  readonly message: string;
  readonly deliveryId: string | null;
  readonly details: JsonValue;
  /** When the condition went away (conformance regained), if it did. */
  readonly clearedAt: string | null;
  /** Token name of whoever acknowledged it. */
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
}

export interface NewAlert {
  readonly severity: AlertSeverity;
  readonly code: string;
  readonly message: string;
  readonly vehicleId?: string | null;
  readonly vehicleSysid?: number | null;
  readonly deliveryId?: string | null;
  readonly details?: JsonValue;
  readonly at?: string;
}

export interface AlertFilter {
  readonly vehicleId?: string;
  readonly vehicleSysid?: number;
  readonly deliveryId?: string;
  readonly severity?: AlertSeverity | readonly AlertSeverity[];
  readonly code?: string;
  readonly acknowledged?: boolean;
  readonly cleared?: boolean;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
  readonly offset?: number;
}

// ── audit ───────────────────────────────────────────────────────────────────

export interface AuditActor {
  /** The token's name (never the token). */
  readonly name: string;
  readonly role: string;
}

export interface AuditRecord {
  readonly id: number;
  readonly at: string;
  readonly actor: AuditActor;
  /** e.g. "delivery.launch", "vehicle.command.rtl". */
  readonly action: string;
  readonly params: JsonValue;
  readonly result: 'ok' | 'error';
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface NewAudit {
  readonly actor: AuditActor;
  readonly action: string;
  readonly params?: JsonValue;
  readonly result: 'ok' | 'error';
  readonly error?: { readonly code: string; readonly message: string } | null;
  readonly at?: string;
}

export interface AuditFilter {
  readonly actorName?: string;
  /** Exact action, or a prefix ending in "." (e.g. "vehicle."). */
  readonly action?: string;
  readonly result?: 'ok' | 'error';
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** A mission elbflug validated and uploaded verified, keyed by the vehicle's plan id (MISSION_CURRENT.mission_id). */
export interface ApprovalRecord {
  readonly opaqueId: number;
  readonly deliveryId: string;
  readonly approvedBy: string;
  readonly at: string;
}

// ── the interface ───────────────────────────────────────────────────────────

/**
 * The service's storage. Lists are newest first. `get*` resolve `undefined` for an unknown id;
 * writes to an unknown id reject with STORE_NOT_FOUND.
 */
export interface Store {
  createDelivery(input: NewDelivery): Promise<DeliveryRecord>;
  /** Applies one lifecycle step, checked by {@link checkTransition}; the history keeps it with time and cause. */
  transitionDelivery(id: string, input: TransitionInput): Promise<DeliveryRecord>;
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  listDeliveries(filter?: DeliveryFilter): Promise<DeliverySummary[]>;

  startFlight(input: NewFlight): Promise<FlightRecord>;
  endFlight(id: string, endedAt?: string): Promise<FlightRecord>;
  /** Appends positions (one transaction per call: batch them, e.g. once a second). */
  appendTrack(flightId: string, points: readonly TrackPoint[]): Promise<void>;
  /** The stored track, oldest first; `maxPoints` thins it evenly (first and last kept). */
  getTrack(flightId: string, options?: { maxPoints?: number }): Promise<TrackPoint[]>;
  getFlight(id: string): Promise<FlightRecord | undefined>;
  listFlights(filter?: FlightFilter): Promise<FlightRecord[]>;

  raiseAlert(input: NewAlert): Promise<AlertRecord>;
  /**
   * Many alerts in one transaction (all or none; ids in input order): a burst — every vehicle of a
   * starved instance declared lost at once — is one commit on one connection, not one per alert.
   */
  raiseAlerts(inputs: readonly NewAlert[]): Promise<AlertRecord[]>;
  /** First acknowledgement wins; acknowledging again returns the record unchanged. */
  acknowledgeAlert(id: number, by: string, at?: string): Promise<AlertRecord>;
  /** Marks the condition as gone; clearing again returns the record unchanged. */
  clearAlert(id: number, at?: string): Promise<AlertRecord>;
  /** Clears many in one transaction; an unknown id refuses all (STORE_NOT_FOUND). */
  clearAlerts(ids: readonly number[], at?: string): Promise<AlertRecord[]>;
  getAlert(id: number): Promise<AlertRecord | undefined>;
  listAlerts(filter?: AlertFilter): Promise<AlertRecord[]>;

  /** Records (or replaces) the approval of the plan with this id. */
  saveApproval(input: ApprovalRecord): Promise<ApprovalRecord>;
  /** Every stored approval, newest first. */
  listApprovals(): Promise<ApprovalRecord[]>;

  appendAudit(input: NewAudit): Promise<AuditRecord>;
  listAudit(filter?: AuditFilter): Promise<AuditRecord[]>;

  /** Releases the database; later calls reject with STORE_CLOSED. Idempotent. */
  close(): Promise<void>;
}
