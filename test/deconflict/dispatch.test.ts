/** Dispatch: which vehicle flies when none is named (table). */
import { describe, expect, it } from 'vitest';
import { chooseVehicle } from '../../src/fleet/dispatch.js';
import { flying, straightRoute } from '../fleet/fixtures.js';

const FROM = { lat: 53.549, lon: 9.915 };
const route = straightRoute(FROM, { lat: 53.5567, lon: 9.915 });
const NOW = Date.parse('2026-05-04T08:05:00Z');
const at = (dNorthM: number, over = {}) => flying({ lat: FROM.lat + dNorthM / 111_200, lon: FROM.lon, relAltM: 0, armed: false, landedState: 'ON_GROUND', ...over }, NOW);
const low = { battery: { remainingPct: 15, voltageV: 14.5, currentA: undefined, chargeState: 'LOW' } };

describe('chooseVehicle', () => {
  it.each([
    ['the nearest of three healthy vehicles', [['a', 20], ['b', 5], ['c', 12]], 'b'],
    ['the nearest busy one is skipped', [['a', 20], ['b', 5, {}, 'd9']], 'a'],
    ['a low battery is skipped', [['a', 20], ['b', 5, low]], 'a'],
    ['an armed one is skipped', [['a', 20], ['b', 5, { armed: true }]], 'a'],
    ['one without link is skipped', [['a', 20], ['b', 5, { connected: false }]], 'a'],
    ['one standing 200 m away does not qualify', [['a', 200]], undefined],
    ['none at all', [], undefined],
  ] as [string, [string, number, object?, string?][], string | undefined][])('%s', (_, vs, expected) => {
    const c = chooseVehicle(vs.map(([id, d, over, busy]) => ({ id, state: at(d, over), nowMs: NOW, ...(busy ? { busyWith: busy } : {}) })), route);
    expect(c.vehicleId).toBe(expected);
    if (expected) expect(c.reason).toMatch(new RegExp(`^${expected}: on the ground and disarmed, link and GPS good, \\d+ m from the start, battery \\d+ % \\(route needs \\d+ % with reserve\\)`));
    else expect(c.reason).toMatch(/^no vehicle qualifies/);
    expect(c.rejected.length + c.ranked.length).toBe(vs.length);
  });
  it('names every rejected vehicle with its reasons', () => {
    const c = chooseVehicle([{ id: 'a', state: at(5, low), nowMs: NOW, busyWith: 'd1' }], route);
    expect(c.rejected[0]!.reasons.map((r) => r.split(':')[0])).toEqual(['busy with delivery d1', 'BATTERY_LOW_FOR_ROUTE']);
    expect(c.reason).toBe('no vehicle qualifies: a (busy with delivery d1, BATTERY_LOW_FOR_ROUTE)');
  });
});
