/**
 * One monitoring step of a flying delivery as a pure decision: which alerts are raised and cleared,
 * whether to react (hold/RTL), whether to sample the track, the sticky flight facts, and the
 * delivery's next state. DeliveryService.step only carries it out (store, publish, commands).
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import { distanceM } from '../geo/distance.js';
import type { ObstacleSet } from '../obstacles/clearance.js';
import type { DeliveryState } from '../store/delivery-state.js';
import { trackAlerts, type Alert, type AlertTransitions } from './alerts.js';
import { autopilotReason, type FailsafeEvent } from './autopilot-reason.js';
import { checkConformance, reactionFor, type ConformanceContext, type Reaction } from './conformance.js';
import { checkObstacleClearance } from './obstacle-alert.js';
import { deliveryOutcome, isAirborne, type MissionMarks } from './progress.js';

/** The stored track gets one point a second at most. */
export const TRACK_EVERY_MS = 1_000;

/** What a step needs to know about the watched delivery (DeliveryService's Watch satisfies it). */
export interface WatchFacts {
  deliveryId: string;
  vehicleSysid: number;
  ctx: ConformanceContext;
  obstacles?: ObstacleSet | undefined;
  marks: MissionMarks;
  state: DeliveryState;
  alerts: ReadonlyMap<string, Alert>;
  /** A flight record exists, so the track is stored. */
  tracking: boolean;
  lastTrackMs: number;
  airborne: boolean;
  armed: boolean;
  linkLost: boolean;
  /** Vehicle clock at the start of the watch: the autopilot's words count from here. */
  sinceMs: number;
  failsafeEvent: FailsafeEvent | undefined;
  from: { lat: number; lon: number };
  to: { lat: number; lon: number };
}

export interface MonitorDecision {
  alerts: AlertTransitions;
  /** Hold or RTL to command now (only while in flight), or none. */
  reaction: Reaction;
  /** Store a track point now. */
  sampleTrack: boolean;
  airborne: boolean;
  armed: boolean;
  linkLost: boolean;
  next: { to: DeliveryState; cause: string } | undefined;
  /** The watch ends with this transition. */
  final: boolean;
}

/**
 * Decide one step from the vehicle's state at `nowMs` (its clock).
 * @example decideMonitorStep(facts, session.state, vehicle.clock.now(), 'hold').reaction // 'hold' after a critical alert in flight
 */
export function decideMonitorStep(w: WatchFacts, s: VehicleState, nowMs: number, configured: Reaction): MonitorDecision {
  const words = { sinceMs: w.sinceMs, ...(w.failsafeEvent ? { failsafeEvent: w.failsafeEvent } : {}) };
  const found = [...checkConformance(w.ctx, s, nowMs, words), ...(w.obstacles ? checkObstacleClearance(w.obstacles, s, w.ctx.limits.airborneAboveM) : [])];
  const alerts = trackAlerts(w.alerts, found, { vehicle: w.vehicleSysid, deliveryId: w.deliveryId, nowMs });
  const reacting = reactionFor(alerts.raised, configured);
  const airborne = w.airborne || isAirborne(s);
  const armed = w.armed || s.armed === true;
  const linkLost = w.linkLost || s.connected === false;
  const said = autopilotReason(s.statusTexts.recent, w.sinceMs, w.failsafeEvent);
  const lostLink = linkLost ? 'data link lost during the flight; PX4 follows NAV_DLL_ACT' : undefined;
  const failsafe = said && lostLink ? `${said}; ${lostLink}` : (said ?? lostLink);
  const here = s.position ? { lat: s.position.lat, lon: s.position.lon } : undefined;
  const next = deliveryOutcome(w.state, s, w.marks, {
    wasAirborne: airborne,
    wasArmed: armed,
    ...(here ? { toDestinationM: distanceM(here, w.to), toHomeM: distanceM(here, w.from) } : {}),
    ...(failsafe ? { failsafe } : {}),
  });
  return {
    alerts,
    reaction: w.state === 'in_flight' ? reacting : 'none',
    sampleTrack: w.tracking && s.position !== undefined && nowMs - w.lastTrackMs >= TRACK_EVERY_MS,
    airborne,
    armed,
    linkLost,
    next,
    final: next !== undefined && (next.to === 'returned' || next.to === 'failed' || (next.to === 'delivered' && w.marks.mode === 'land')),
  };
}
