import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { px4OpaqueId } from '../../firmware-bridge/mission/opaque-id.js';
import { parseQgcPlan } from '../../src/mission/qgc-plan.js';
import { MissionFileError } from '../../src/mission/errors.js';

const PLAN = readFileSync(join(import.meta.dirname, '../../missions/plans/rathaus-delivery.plan'), 'utf8');
const minimal = (items: unknown[], extra: object = {}) => ({
  fileType: 'Plan',
  version: 1,
  groundStation: 'QGroundControl',
  mission: { version: 2, firmwareType: 12, vehicleType: 2, cruiseSpeed: 15, hoverSpeed: 5, globalPlanAltitudeMode: 1, plannedHomePosition: [53.5511, 9.9937, 10], items },
  ...extra,
});

describe('parseQgcPlan', () => {
  it('turns the Rathaus delivery plan into the mission PX4 recorded (same opaque_id 3971944974)', () => {
    const plan = parseQgcPlan(PLAN);
    expect(plan.mission).toHaveLength(7);
    expect(plan.mission.map((i) => i.command)).toEqual([22, 178, 16, 16, 16, 211, 21]);
    expect(plan.mission[0]).toMatchObject({ seq: 0, frame: 6, x: 535508000, y: 99925000, z: 40, autocontinue: 1 });
    expect(Number.isNaN(plan.mission[0]!.param4)).toBe(true); // QGC writes null for "no yaw"
    expect(plan.mission[1]).toMatchObject({ frame: 2, param1: 1, param2: 10, param3: -1, x: 0, y: 0 });
    expect(px4OpaqueId(plan.mission)).toBe(3971944974);
    expect(plan.plannedHome).toEqual({ lat: 53.5508, lon: 9.9925, altAmslM: 10 });
  });

  it('maps geoFence polygons/circles to 5001–5004 and rally points to 5100', () => {
    const plan = parseQgcPlan(
      minimal([], {
        geoFence: {
          version: 2,
          polygons: [{ inclusion: false, version: 1, polygon: [[53.55, 9.99], [53.55, 10.0], [53.56, 10.0]] }],
          circles: [
            { inclusion: true, version: 1, circle: { center: [53.5545, 9.9905], radius: 500 } },
            { inclusion: false, version: 1, circle: { center: [53.5546, 9.9906], radius: 50 } },
          ],
        },
        rallyPoints: { version: 2, points: [[53.552, 9.996, 30]] },
      }),
    );
    expect(plan.fence.map((f) => [f.seq, f.command, f.param1])).toEqual([
      [0, 5002, 3],
      [1, 5002, 3],
      [2, 5002, 3],
      [3, 5003, 500],
      [4, 5004, 50],
    ]);
    expect(plan.fence.every((f) => f.missionType === 'fence' && f.frame === 0)).toBe(true);
    expect(plan.rally).toEqual([expect.objectContaining({ seq: 0, command: 5100, frame: 3, x: 535520000, y: 99960000, z: 30, missionType: 'rally' })]);
  });

  it.each([
    ['not JSON', '{', 'the JSON does not parse'],
    ['wrong fileType', JSON.stringify({ ...minimal([]), fileType: 'Mission' }), 'fileType'],
    ['wrong mission version', JSON.stringify({ ...minimal([]), mission: { ...minimal([]).mission, version: 1 } }), 'mission.version'],
    ['six params', JSON.stringify(minimal([{ type: 'SimpleItem', command: 16, frame: 3, params: [0, 0, 0, 0, 53, 10], autoContinue: true }])), 'mission.items.0.params'],
    ['latitude out of range', JSON.stringify({ ...minimal([]), mission: { ...minimal([]).mission, plannedHomePosition: [95, 10, 0] } }), 'plannedHomePosition.0'],
    ['fence with two points', JSON.stringify(minimal([], { geoFence: { version: 2, circles: [], polygons: [{ inclusion: true, polygon: [[53, 10], [53.1, 10]] }] } })), 'geoFence.polygons.0.polygon'],
    ['negative circle radius', JSON.stringify(minimal([], { geoFence: { version: 2, polygons: [], circles: [{ inclusion: true, circle: { center: [53, 10], radius: -5 } }] } })), 'radius'],
  ])('rejects %s with PLAN_INVALID naming the field', (_, text, fragment) => {
    expect(() => parseQgcPlan(text)).toThrow(MissionFileError);
    try {
      parseQgcPlan(text);
    } catch (e) {
      expect((e as MissionFileError).code).toBe('PLAN_INVALID');
      expect((e as MissionFileError).message).toContain(fragment);
    }
  });

  it('refuses ComplexItems without stored items with guidance', () => {
    const text = JSON.stringify(minimal([{ type: 'ComplexItem', complexItemType: 'survey', version: 5 }]));
    expect(() => parseQgcPlan(text)).toThrow(/ComplexItem \(survey\) without stored generated items.*only QGroundControl can regenerate/);
  });

  it('does not mutate a parsed-JSON input', () => {
    const json = JSON.parse(PLAN) as object;
    const before = JSON.stringify(json);
    parseQgcPlan(json);
    expect(JSON.stringify(json)).toBe(before);
  });
});
