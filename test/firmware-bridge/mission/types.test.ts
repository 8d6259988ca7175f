/** Plain items, their wire form, the read-back comparison, the result table and PX4's opaque_id. */
import { describe, expect, it } from 'vitest';
import { common } from '../../../firmware-bridge/codec/dialect.js';
import { px4OpaqueId } from '../../../firmware-bridge/mission/opaque-id.js';
import {
  compareItems,
  fromMissionItemInt,
  missionResultError,
  MISSION_RESULT_CODES,
  missionTypeFromCode,
  sameFloat32,
  toMissionItemInt,
  validateItems,
  type MissionItem,
} from '../../../firmware-bridge/mission/types.js';
import { DELIVERY_MISSION, FENCE_PLAN, RALLY_PLAN, VEHICLE } from '../helpers/messages.js';

const wp: MissionItem = DELIVERY_MISSION[2]!;

describe('mission item conversion', () => {
  it('round-trips through MISSION_ITEM_INT, every field set', () => {
    for (const item of [...DELIVERY_MISSION, ...FENCE_PLAN, ...RALLY_PLAN]) {
      const back = fromMissionItemInt(toMissionItemInt(item, VEHICLE));
      expect(compareItems([item], [back!])).toEqual([]);
      expect(back!.current).toBe(item.current);
    }
  });

  it('maps mission types both ways and refuses unknown ones', () => {
    expect([0, 1, 2, 255, 7].map(missionTypeFromCode)).toEqual(['mission', 'fence', 'rally', 'all', undefined]);
    const m = toMissionItemInt(wp, VEHICLE);
    m.missionType = 7 as common.MavMissionType;
    expect(fromMissionItemInt(m)).toBeUndefined();
  });
});

describe('validateItems', () => {
  const bad: [string, Partial<MissionItem>][] = [
    ['seq', { seq: 5 }],
    ['missionType', { missionType: 'fence' }],
    ['x', { x: 53.55 * 1e7 + 0.5 }],
    ['y', { y: 2 ** 31 }],
    ['command', { command: -1 }],
    ['frame', { frame: 300 }],
    ['autocontinue', { autocontinue: 1.5 }],
  ];
  it.each(bad)('rejects a bad %s with MISSION_INVALID_ITEMS naming it', (field, patch) => {
    expect(() => validateItems('mission', [{ ...wp, seq: 0, ...patch }])).toThrow(expect.objectContaining({ code: 'MISSION_INVALID_ITEMS', details: expect.objectContaining({ field }) }));
  });
  it('accepts the recorded plans', () => {
    expect(() => validateItems('mission', DELIVERY_MISSION)).not.toThrow();
    expect(() => validateItems('fence', FENCE_PLAN)).not.toThrow();
  });
});

describe('compareItems', () => {
  it('NaN equals NaN; float32 rounding is tolerated, a real change is not', () => {
    expect(sameFloat32(NaN, NaN)).toBe(true);
    expect(sameFloat32(0.1, Math.fround(0.1))).toBe(true);
    expect(sameFloat32(0.1, 0.1000001)).toBe(false);
    expect(sameFloat32(NaN, 0)).toBe(false);
    expect(compareItems([{ ...wp, param2: 0.1 }], [{ ...wp, param2: Math.fround(0.1) }])).toEqual([]);
  });

  it('lists every differing field with seq, expected and actual', () => {
    expect(compareItems([wp], [{ ...wp, z: 61, x: wp.x + 1, command: 17 }])).toEqual([
      { seq: 2, field: 'command', expected: 16, actual: 17 },
      { seq: 2, field: 'x', expected: wp.x, actual: wp.x + 1 },
      { seq: 2, field: 'z', expected: 60, actual: 61 },
    ]);
    expect(compareItems(DELIVERY_MISSION, DELIVERY_MISSION.slice(0, 6))).toEqual([{ seq: -1, field: 'count', expected: 7, actual: 6 }]);
  });

  it('ignores `current` deliberately: PX4 marks its own current item on download', () => {
    expect(compareItems([wp], [{ ...wp, current: 1 }])).toEqual([]);
  });

  it('fence: autocontinue and the altitude reference are not compared (PX4 returns 0 and GLOBAL_INT)', () => {
    const back = FENCE_PLAN.map((it) => ({ ...it, autocontinue: 0, current: it.seq === 0 ? 1 : 0 }));
    expect(compareItems(FENCE_PLAN, back)).toEqual([]);
    expect(compareItems([{ ...FENCE_PLAN[0]!, frame: 6 }], [FENCE_PLAN[0]!])).toEqual([]);
    // …but autocontinue still counts for missions.
    expect(compareItems([wp], [{ ...wp, autocontinue: 0 }])).toHaveLength(1);
  });

  it('frames compare by meaning: 3 ≡ 6 and 0 ≡ 5 (PX4 reads rally frame 3 back as 6), but 3 ≠ 5', () => {
    expect(compareItems([{ ...RALLY_PLAN[0]!, frame: 3 }], [RALLY_PLAN[0]!])).toEqual([]);
    expect(compareItems([{ ...RALLY_PLAN[0]!, frame: 0 }], [{ ...RALLY_PLAN[0]!, frame: 5 }])).toEqual([]);
    expect(compareItems([{ ...wp, frame: 3 }], [{ ...wp, frame: 5 }])).toHaveLength(1);
  });
});

describe('MAV_MISSION_RESULT → error code', () => {
  it('maps every enum value (the satisfies-Record table), ACCEPTED to no error', () => {
    const values = Object.values(common.MavMissionResult).filter((v): v is number => typeof v === 'number');
    expect(Object.keys(MISSION_RESULT_CODES).map(Number).sort((a, b) => a - b)).toEqual(values.sort((a, b) => a - b));
    expect(missionResultError(0, 'upload', 'mission')).toBeUndefined();
  });

  it('errors say what happened and what to do, and carry the raw result', () => {
    const e = missionResultError(common.MavMissionResult.NO_SPACE, 'upload', 'rally')!;
    expect(e.code).toBe('MISSION_NACK_NO_SPACE');
    expect(e.message).toMatch(/rally.*NO_SPACE.*shorten/);
    expect(e.details).toMatchObject({ result: 4, missionType: 'rally' });
  });
});

describe('PX4 opaque_id (CRC32 of the items)', () => {
  it.each([
    ['the 7-item delivery mission', DELIVERY_MISSION, 3971944974],
    ['the fence', FENCE_PLAN, 3382803692],
    ['the rally points, frame 6', RALLY_PLAN, 3633577010],
    ['the rally points, frame 3', RALLY_PLAN.map((it) => ({ ...it, frame: 3 })), 2259776176],
    ['the rally points, frame 0 at 40 m', RALLY_PLAN.map((it) => ({ ...it, frame: 0, z: 40 })), 50961207],
    ['an empty plan', [], 0],
  ])('matches the trace for %s', (_name, items, id) => {
    expect(px4OpaqueId(items)).toBe(id);
  });
});
