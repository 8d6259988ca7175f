import { describe, expect, it } from 'vitest';
import { decodePx4FailsafeEvent, PX4_EVENT } from '../../src/fleet/autopilot-reason.js';

describe("decodePx4FailsafeEvent: PX4 v1.16's failsafe EVENTs (ids from all_events.json)", () => {
  it.each([
    // The 5× take-off failsafe (real-flights/h2-5x-takeoff-failsafe, flight.tlog): mode Auto.Mission, RTL in 5 s, cause 2.
    ['commander_failsafe_enter_hold from the 5× take-off failsafe', PX4_EVENT.failsafeEnterHold, [0, 0, 4, 4, 6, 5, 0, 2], { action: 'RTL', cause: 'GCS connection loss', delayS: 5 }],
    ['commander_failsafe_enter after the hold, same flight', PX4_EVENT.failsafeEnter, [0, 0, 4, 4, 6, 2], { action: 'RTL', cause: 'GCS connection loss' }],
    ['generic cause: no text of its own', PX4_EVENT.failsafeEnterHold, [0, 0, 4, 4, 6, 5, 0, 0], { action: 'RTL', cause: '', delayS: 5 }],
    ['a Land reaction on critical battery', PX4_EVENT.failsafeEnter, [0, 0, 4, 4, 7, 4], { action: 'Land', cause: 'Critical battery level' }],
    ['an unknown cause value is named, not dropped', PX4_EVENT.failsafeEnter, [0, 0, 4, 4, 5, 99], { action: 'Hold', cause: 'cause 99' }],
  ] as const)('%s', (_, id, args, expected) => {
    expect(decodePx4FailsafeEvent(id, args)).toEqual(expected);
  });

  it('any other event id is not a failsafe', () => {
    expect(decodePx4FailsafeEvent(16_777_216 + 26_266_355, [4])).toBeUndefined();
  });
});
