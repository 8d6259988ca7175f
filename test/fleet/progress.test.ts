import { describe, expect, it } from 'vitest';
import { nextDeliveryState } from '../../src/fleet/progress.js';
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
