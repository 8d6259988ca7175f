import { describe, expect, it } from 'vitest';
import { buildMission } from '../../src/mission/build-mission.js';
import { MissionBuildError } from '../../src/mission/errors.js';
import { makeRoute, RATHAUS } from './fixtures/routes.js';

const DROP = makeRoute(
  [...RATHAUS.slice(0, 5), [53.5585, 10.0, 10], [53.5585, 10.0, 60], [53.556, 9.9985, 60], [53.553, 9.995, 60], [53.5508, 9.9925, 60], [53.5508, 9.9925, 0]],
  { mode: 'drop-and-return', deliveryAt: 5, returnFrom: 6 },
);

describe('buildMission', () => {
  it('gives the shape of the recorded PX4 delivery mission for a plain land route', () => {
    const items = buildMission(makeRoute(RATHAUS), { homeAmslM: 10 });
    expect(items.map((i) => [i.seq, i.command, i.frame])).toEqual([[0, 22, 6], [1, 178, 2], [2, 16, 6], [3, 16, 6], [4, 16, 6], [5, 21, 6]]);
    expect(items[0]).toMatchObject({ x: 535508000, y: 99925000, z: 40, autocontinue: 1, current: 0, missionType: 'mission' });
    expect(items[1]).toMatchObject({ param1: 1, param2: 10, param3: -1, x: 0, y: 0, z: 0 });
    expect(items[2]).toMatchObject({ param2: 2, x: 535530000, y: 99950000, z: 60 });
    expect(items[5]).toMatchObject({ x: 535585000, y: 100000000, z: 0 });
    for (const i of [0, 2, 3, 4, 5]) expect(Number.isNaN(items[i]!.param4)).toBe(true);
  });

  it.each([
    ['drop-and-return', DROP, {}, [22, 178, 16, 16, 16, 16, 211, 16, 16, 16, 16, 21]],
    ['acceptance radius and speed options', makeRoute(RATHAUS), { acceptanceRadiusM: 5, speedMps: 12 }, [22, 178, 16, 16, 16, 21]],
    ['hover leg → NAV_LOITER_TIME', makeRoute([...RATHAUS.slice(0, 5), [53.5585, 10.0, 60], [53.5585, 10.0, 0]], { hover: { 4: 15 } }), {}, [22, 178, 16, 16, 16, 19, 21]],
    ['sloped climb → takeoff to 10 m, then the climb waypoint', makeRoute([[53.5508, 9.9925, 0], [53.553, 9.995, 60], [53.556, 9.9985, 60], [53.556, 9.9985, 0]]), {}, [22, 178, 16, 16, 21]],
  ])('%s', (_, route, opts, commands) => {
    const items = buildMission(route, { homeAmslM: 10, ...opts });
    expect(items.map((i) => i.command)).toEqual(commands);
    expect(items.map((i) => i.seq)).toEqual(items.map((_, k) => k));
  });

  it('drop-and-return: release at drop height with DO_GRIPPER(1, release), land at home', () => {
    const items = buildMission(DROP, { homeAmslM: 10 });
    expect(items[5]).toMatchObject({ command: 16, z: 10, x: 535585000 });
    expect(items[6]).toMatchObject({ command: 211, frame: 2, param1: 1, param2: 0 });
    expect(items[11]).toMatchObject({ command: 21, x: 535508000, y: 99925000, z: 0 });
  });

  it('options: acceptance radius, speed, hover seconds, takeoff height', () => {
    const a = buildMission(makeRoute(RATHAUS), { homeAmslM: 10, acceptanceRadiusM: 5, speedMps: 12 });
    expect(a[2]!.param2).toBe(5);
    expect(a[1]!.param2).toBe(12);
    const h = buildMission(makeRoute([...RATHAUS.slice(0, 5), [53.5585, 10.0, 60], [53.5585, 10.0, 0]], { hover: { 4: 15 } }), { homeAmslM: 10 });
    expect(h[5]).toMatchObject({ command: 19, param1: 15, z: 60 });
    const s = buildMission(makeRoute([[53.5508, 9.9925, 0], [53.553, 9.995, 60], [53.553, 9.995, 0]]), { homeAmslM: 10 });
    expect(s[0]!.z).toBe(10);
  });

  it('heights are relative to home over terrain (z = AGL + ground − home)', () => {
    const terrain = { groundAmslM: (p: { lat: number }) => (p.lat > 53.555 ? 25 : 10) };
    const items = buildMission(makeRoute(RATHAUS), { homeAmslM: 10, terrain });
    expect(items.map((i) => i.z)).toEqual([40, 0, 60, 75, 75, 15]);
  });

  it.each([
    ['no legs', { ...makeRoute(RATHAUS), legs: [] }, /no legs/],
    ['starts in the air', makeRoute([[53.55, 9.99, 30], [53.56, 9.99, 30], [53.56, 9.99, 0]]), /starts 30 m above ground/],
    ['touches down mid-route', makeRoute([[53.55, 9.99, 0], [53.55, 9.99, 30], [53.56, 9.99, 0], [53.56, 9.99, 30], [53.57, 9.99, 0]]), /leg 1 touches down/],
    ['ends in the air', makeRoute([[53.55, 9.99, 0], [53.55, 9.99, 30], [53.56, 9.99, 30]]), /does not end on the ground/],
    ['non-finite', makeRoute([[53.55, 9.99, 0], [53.55, 9.99, Number.NaN], [53.56, 9.99, 0]]), /leg 0 has a non-finite/],
  ])('refuses a route that %s with MISSION_ROUTE_INVALID', (_, route, msg) => {
    expect(() => buildMission(route, { homeAmslM: 10 })).toThrow(MissionBuildError);
    expect(() => buildMission(route, { homeAmslM: 10 })).toThrow(msg);
  });

  it('does not mutate the route', () => {
    const before = structuredClone(DROP);
    buildMission(DROP, { homeAmslM: 10 });
    expect(DROP).toEqual(before);
  });
});
