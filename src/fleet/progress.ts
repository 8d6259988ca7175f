/**
 * Where a flying delivery stands, decided from the vehicle's state alone (pure), so the same rule
 * serves live monitoring and the recovery after a service restart.
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import type { DeliveryState } from '../store/delivery-state.js';

export interface MissionMarks {
  mode: 'land' | 'drop-and-return';
  /** drop-and-return: seq of the DO_GRIPPER release item. */
  releaseSeq?: number;
  /** Seq of the last mission item (NAV_LAND at the destination or at home). */
  lastSeq: number;
}

/** What the service knows of a flying delivery beyond the vehicle's current state. */
export interface OutcomeFacts {
  /** Seen in the air during this delivery. */
  wasAirborne: boolean;
  /** Seen armed during this delivery (it was armed by the launch; a disarm afterwards is real). */
  wasArmed: boolean;
  /** Metres from the vehicle to the delivery point and to home, when its position is known. */
  toDestinationM?: number;
  toHomeM?: number;
  /** The autopilot's own reason for a failsafe during this delivery (STATUSTEXT / EVENT). */
  failsafe?: string;
}

/** Within this distance the vehicle stands at a place (PX4 lands within ~1 m; GNSS and wind add some). */
export const AT_PLACE_M = 10;

/**
 * The next lifecycle state with its cause, or undefined when nothing changed. A delivery never stays
 * `in_flight` on a vehicle that was armed and now stands disarmed on the ground.
 * @example deliveryOutcome('in_flight', state, { mode: 'land', lastSeq: 3 }, { wasAirborne: true, wasArmed: true, toDestinationM: 0.7, failsafe: 'Geofence: approaching or outside geofence' })
 * // → { to: 'delivered', cause: 'landed 0.7 m from the delivery point after a failsafe (Geofence: …); PX4 did not finish the mission' }
 */
export function deliveryOutcome(current: DeliveryState, s: VehicleState, marks: MissionMarks, f: OutcomeFacts): { to: DeliveryState; cause: string } | undefined {
  const landed = !s.armed && (s.landedState === 'ON_GROUND' || s.landedState === undefined);
  const finished = s.reachedItems.includes(marks.lastSeq);
  const released = marks.releaseSeq !== undefined && s.reachedItems.includes(marks.releaseSeq);
  const why = f.failsafe ? ` after a failsafe (${f.failsafe})` : '';
  const where = (d: number | undefined, place: string): string => (d === undefined ? '' : `${d.toFixed(1)} m from ${place}`);
  const at = (d: number | undefined): boolean => d !== undefined && d <= AT_PLACE_M;
  const stopped = `mode ${s.flightMode ?? 'unknown'}, last item reached ${s.lastReachedSeq ?? 'none'}`;
  if (current === 'in_flight') {
    if (marks.mode === 'drop-and-return' && released) return { to: 'delivered', cause: 'the vehicle reported the delivery item reached' };
    if (!landed) return undefined;
    if (marks.mode === 'land' && finished && !f.failsafe) return { to: 'delivered', cause: `landed and disarmed at the end of the mission${f.toDestinationM !== undefined ? `, ${where(f.toDestinationM, 'the delivery point')}` : ''}` };
    if (!(f.wasAirborne || f.wasArmed)) return undefined;
    if (marks.mode === 'land' && (finished || at(f.toDestinationM))) return { to: 'delivered', cause: `landed ${where(f.toDestinationM, 'the delivery point') || 'at the delivery point'}${why}${finished ? '' : '; PX4 did not finish the mission'}` };
    if (!f.wasAirborne) return { to: 'failed', cause: `disarmed on the ground without taking off${why} (${stopped})` };
    const place = at(f.toHomeM) ? 'at home' : f.toDestinationM !== undefined ? where(f.toDestinationM, 'the delivery point') : 'away from the delivery point';
    return { to: 'failed', cause: `landed and disarmed ${place} before finishing the mission${why} (${stopped})` };
  }
  if (current === 'delivered' && marks.mode === 'drop-and-return' && landed) {
    if (finished || at(f.toHomeM)) return { to: 'returned', cause: `landed and disarmed at home${f.toHomeM !== undefined ? ` (${where(f.toHomeM, 'home')})` : ''}${why}` };
    if (f.wasAirborne) return { to: 'failed', cause: `landed and disarmed ${f.toHomeM !== undefined ? where(f.toHomeM, 'home') : 'away from home'} on the way back${why} (${stopped})` };
  }
  return undefined;
}

/**
 * The next lifecycle state, or undefined when nothing changed (see {@link deliveryOutcome}, which
 * also says why). `wasAirborne`: the vehicle has been seen in the air during this delivery.
 * @example nextDeliveryState('in_flight', state, { mode: 'land', lastSeq: 6 }, true) // 'delivered' once landed and disarmed after item 6
 */
export function nextDeliveryState(current: DeliveryState, s: VehicleState, marks: MissionMarks, wasAirborne: boolean): DeliveryState | undefined {
  return deliveryOutcome(current, s, marks, { wasAirborne, wasArmed: false })?.to;
}

/** Whether this state shows the vehicle off the ground. */
export function isAirborne(s: VehicleState): boolean {
  return s.landedState === 'IN_AIR' || s.landedState === 'TAKEOFF' || s.landedState === 'LANDING';
}
