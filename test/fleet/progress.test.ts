import { describe, expect, it } from 'vitest';
import { deliveryOutcome, nextDeliveryState } from '../../src/fleet/progress.js';
import { flying } from './fixtures.js';

const at = (over: object) => flying({ lat: 53.55, lon: 9.99, relAltM: 0, ...over }, 0);
const land = { mode: 'land' as const, lastSeq: 6 };
const drop = { mode: 'drop-and-return' as const, releaseSeq: 5, lastSeq: 9 };

describe('nextDeliveryState', () => {
  it.each([
    ['land: still flying', 'in_flight', land, { reachedItems: [0, 1, 2] }, undefined],
    ['land: last item reached but still armed', 'in_flight', land, { reachedItems: [0, 1, 2, 3, 4, 5, 6] }, undefined],
    ['land: landed and disarmed after the last item', 'in_flight', land, { reachedItems: [0, 1, 2, 3, 4, 5, 6], armed: false, landedState: 'ON_GROUND' }, 'delivered'],
    ['land: on the ground, disarmed, not yet airborne (between start and arming)', 'in_flight', land, { reachedItems: [], armed: false, landedState: 'ON_GROUND' }, undefined],
    ['land: landed before the last item after flying (failsafe Return)', 'in_flight', land, { reachedItems: [0, 1], armed: false, landedState: 'ON_GROUND' }, 'failed', true],
    ['drop: release reached → delivered while flying', 'in_flight', drop, { reachedItems: [0, 1, 2, 3, 4, 5] }, 'delivered'],
    ['drop: back home, landed, disarmed → returned', 'delivered', drop, { reachedItems: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], armed: false, landedState: 'ON_GROUND' }, 'returned', true],
    ['drop: on the way back', 'delivered', drop, { reachedItems: [0, 1, 2, 3, 4, 5, 6] }, undefined],
    ['land: delivered is final', 'delivered', land, { reachedItems: [6], armed: false, landedState: 'ON_GROUND' }, undefined, true],
  ] as const)('%s', (_, current, marks, over, expected, airborne?: boolean) => {
    expect(nextDeliveryState(current, at(over), marks, airborne ?? false)).toBe(expected);
  });
});

describe('deliveryOutcome: the state follows what the vehicle did, with the reason', () => {
  const facts = { wasAirborne: true, wasArmed: true };
  const onGround = { armed: false, landedState: 'ON_GROUND' };
  it.each([
    ['disarmed on the ground after the launch armed it, never airborne (PX4 take-off failsafe)', 'in_flight', land, { ...onGround, reachedItems: [] }, { wasAirborne: false, wasArmed: true, failsafe: 'GCS connection loss (PX4: RTL in 5 s)' }, 'failed', /without taking off after a failsafe \(GCS connection loss/],
    ['landed at the destination after a geofence Return: delivered, and says so', 'in_flight', land, { ...onGround, reachedItems: [0, 1] }, { ...facts, toDestinationM: 0.7, failsafe: 'Geofence: approaching or outside geofence' }, 'delivered', /0\.7 m from the delivery point after a failsafe \(Geofence.*PX4 did not finish the mission/],
    ['landed at a rally point on the way after a link loss: failed with the reason', 'in_flight', land, { ...onGround, reachedItems: [0, 1] }, { ...facts, toDestinationM: 2300, toHomeM: 2200, failsafe: 'GCS connection loss (PX4: RTL in 5 s)' }, 'failed', /2300\.0 m from the delivery point before finishing the mission after a failsafe \(GCS connection loss/],
    ['landed at home before finishing: failed, at home', 'in_flight', land, { ...onGround, reachedItems: [0] }, { ...facts, toDestinationM: 4500, toHomeM: 1 }, 'failed', /at home before finishing/],
    ['finished normally', 'in_flight', land, { ...onGround, reachedItems: [0, 1, 2, 3, 4, 5, 6] }, { ...facts, toDestinationM: 0.8 }, 'delivered', /end of the mission, 0\.8 m/],
    ['drop: back home without the last item reported: returned', 'delivered', drop, { ...onGround, reachedItems: [5] }, { ...facts, toHomeM: 0.9 }, 'returned', /at home/],
    ['still armed: nothing yet', 'in_flight', land, { armed: true, landedState: 'ON_GROUND', reachedItems: [] }, facts, undefined, undefined],
  ] as const)('%s', (_, current, marks, over, f, to, cause) => {
    const r = deliveryOutcome(current, at(over), marks, f);
    expect(r?.to).toBe(to);
    if (cause) expect(r?.cause).toMatch(cause);
  });
});
