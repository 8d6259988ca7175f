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
 * The next lifecycle state, or undefined when nothing changed.
 * @example nextDeliveryState('in_flight', state, { mode: 'land', lastSeq: 6 }) // 'delivered' once landed and disarmed after item 6
 */
export function nextDeliveryState(current: DeliveryState, s: VehicleState, marks: MissionMarks): DeliveryState | undefined {
  const landed = !s.armed && (s.landedState === 'ON_GROUND' || s.landedState === undefined);
  const finished = s.reachedItems.includes(marks.lastSeq);
  if (current === 'in_flight') {
    if (marks.mode === 'drop-and-return' && marks.releaseSeq !== undefined && s.reachedItems.includes(marks.releaseSeq)) return 'delivered';
    if (marks.mode === 'land' && finished && landed) return 'delivered';
    return undefined;
  }
  if (current === 'delivered' && marks.mode === 'drop-and-return' && finished && landed) return 'returned';
  return undefined;
}
