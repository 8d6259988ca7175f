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

/**
 * The next lifecycle state, or undefined when nothing changed. `wasAirborne`: the vehicle has been
 * seen in the air during this delivery (a landing before the last item is then a failure —
 * a failsafe Return or Land — not the moment between arming and takeoff).
 * @example nextDeliveryState('in_flight', state, { mode: 'land', lastSeq: 6 }, true) // 'delivered' once landed and disarmed after item 6
 */
export function nextDeliveryState(current: DeliveryState, s: VehicleState, marks: MissionMarks, wasAirborne: boolean): DeliveryState | undefined {
  const landed = !s.armed && (s.landedState === 'ON_GROUND' || s.landedState === undefined);
  const finished = s.reachedItems.includes(marks.lastSeq);
  const released = marks.releaseSeq !== undefined && s.reachedItems.includes(marks.releaseSeq);
  if (current === 'in_flight') {
    if (marks.mode === 'drop-and-return' && released) return 'delivered';
    if (marks.mode === 'land' && finished && landed) return 'delivered';
    if (wasAirborne && landed) return 'failed';
    return undefined;
  }
  if (current === 'delivered' && marks.mode === 'drop-and-return' && landed) return finished ? 'returned' : wasAirborne ? 'failed' : undefined;
  return undefined;
}

/** Whether this state shows the vehicle off the ground. */
export function isAirborne(s: VehicleState): boolean {
  return s.landedState === 'IN_AIR' || s.landedState === 'TAKEOFF' || s.landedState === 'LANDING';
}
