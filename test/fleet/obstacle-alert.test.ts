/** IN_OBSTACLE_CLEARANCE: a live vehicle inside a structure's keep-out volume raises one alert per structure. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialVehicleState } from '../../firmware-bridge/vehicle/state.js';
import { ALERT_CLEAR_HOLD_MS, trackAlerts } from '../../src/fleet/alerts.js';
import { checkObstacleClearance, watchPads } from '../../src/fleet/obstacle-alert.js';
import { createLocalFrame } from '../../src/geo/local-frame.js';
import { toGeodetic } from '../../src/geo/to-geodetic.js';
import { obstacleSetFor } from '../../src/mission/obstacle-check.js';
import { importObstacles } from '../../src/obstacles/index.js';

const list = importObstacles(readFileSync(join(import.meta.dirname, '../../missions/obstacles/hamburg.geojson'), 'utf8')).obstacles;
const tv = { lat: 53.5626, lon: 9.9759 };
const frame = createLocalFrame(tv);
const set = obstacleSetFor({ list }, frame, 10);
/** A vehicle `eastM` east of the tower's centre (radius 15 m) at `altM` above home. */
const at = (eastM: number, altM: number) => ({ ...initialVehicleState(7), position: { ...toGeodetic(frame, { eastM, northM: 0 }), altAmslM: 10 + altM, relAltM: altM } });

describe('checkObstacleClearance (conformance)', () => {
  it.each([
    { where: 'outside the horizontal clearance (15 m + 50 m + 5 m)', east: 70, alt: 60, expect: undefined },
    { where: 'within the clearance, 30 m from the footprint', east: 45, alt: 60, expect: 'warning' },
    { where: 'within half the clearance and below the top', east: 30, alt: 60, expect: 'critical' },
    { where: 'above top + vertical clearance (279.8 + 50)', east: 30, alt: 335, expect: undefined },
    { where: 'on the ground (not airborne)', east: 30, alt: 1, expect: undefined },
  ])('$where → $expect', ({ east, alt, expect: severity }) => {
    const v = checkObstacleClearance(set, at(east, alt), 3);
    expect(v[0]?.severity).toBe(severity);
    if (severity) expect(v[0]).toMatchObject({ code: 'IN_OBSTACLE_CLEARANCE', key: 'HH-TVT', details: { obstacleId: 'HH-TVT', ruleId: 'OBSTACLE-CLEARANCE' } });
    if (severity) expect(v[0]!.message).toMatch(/vehicle 7 is \d+ m from Heinrich-Hertz-Turm .*OBSTACLE-CLEARANCE needs 50 m/);
  });

  it('raised once while inside, cleared once the vehicle has stayed out for the hold time', () => {
    const ctx = { vehicle: 7, deliveryId: 'd1', nowMs: 0 };
    const a = trackAlerts(new Map(), checkObstacleClearance(set, at(45, 60), 3), ctx);
    expect(a.raised.map((x) => x.code)).toEqual(['IN_OBSTACLE_CLEARANCE']);
    const b = trackAlerts(a.active, checkObstacleClearance(set, at(44, 60), 3), { ...ctx, nowMs: 1000 });
    expect(b.raised).toEqual([]);
    const c = trackAlerts(b.active, checkObstacleClearance(set, at(90, 60), 3), { ...ctx, nowMs: 2000 });
    expect(c.cleared).toEqual([]);
    const d = trackAlerts(c.active, checkObstacleClearance(set, at(90, 60), 3), { ...ctx, nowMs: 2000 + ALERT_CLEAR_HOLD_MS });
    expect(d.cleared.map((x) => x.key)).toEqual(['HH-TVT']);
  });

  it('a vehicle climbing from its own pad beside a structure is judged against that pad (relaxed to its distance), not held', () => {
    const pad = at(45, 0).position; // 30 m from the tower's footprint, inside its 50 m clearance
    const route = { from: toGeodetic(frame, { eastM: 0, northM: 2000 }), to: toGeodetic(frame, { eastM: 2000, northM: 2000 }) };
    const plain = obstacleSetFor({ list }, frame, 10, undefined, watchPads(route, undefined));
    const watched = obstacleSetFor({ list }, frame, 10, undefined, watchPads(route, { lat: pad.lat, lon: pad.lon }));
    expect(checkObstacleClearance(plain, at(45, 40), 3).map((v) => v.key)).toEqual(['HH-TVT']);
    expect(checkObstacleClearance(watched, at(45, 40), 3)).toEqual([]);
    // closer to the tower than its pad is still an alert
    expect(checkObstacleClearance(watched, at(38, 40), 3).map((v) => v.key)).toEqual(['HH-TVT']);
    expect(watchPads(route, undefined)).toEqual([route.from, route.to]);
  });
});
