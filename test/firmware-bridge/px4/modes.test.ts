/** PX4 custom_mode tables: against the values recorded from PX4 v1.16 SITL (../shared/px4). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PX4_MODES,
  decodeCustomMode,
  encodeCustomMode,
  modeFromCustomMode,
  parseModeName,
  px4Mode,
  setModeParams,
  type Px4ModeName,
} from '../../../firmware-bridge/px4/modes.js';
import { isBridgeError } from '../../../firmware-bridge/errors.js';

const PX4_DIR = new URL('../../../../shared/px4/', import.meta.url);

// Every row of the README's "PX4 custom_mode values observed" table, plus the README's mode table.
const observed: [number, number, number, Px4ModeName, string][] = [
  [0x00010000, 1, 0, 'Manual', 'Manual'],
  [0x00020000, 2, 0, 'Altitude', 'Altitude'],
  [0x00030000, 3, 0, 'Position', 'Position'],
  [0x00050000, 5, 0, 'Acro', 'Acro'],
  [0x00060000, 6, 0, 'Offboard', 'Offboard'],
  [0x00070000, 7, 0, 'Stabilized', 'Stabilized'],
  [0x02040000, 4, 2, 'Takeoff', 'Takeoff'],
  [0x03040000, 4, 3, 'Hold', 'Hold'],
  [0x04040000, 4, 4, 'Mission', 'Mission'],
  [0x05040000, 4, 5, 'RTL', 'Return'],
  [0x06040000, 4, 6, 'Land', 'Land'],
];

describe('PX4 custom_mode', () => {
  it.each(observed)('0x%s decodes to main %i sub %i = %s ("%s")', (customMode, main, sub, name, display) => {
    expect(decodeCustomMode(customMode)).toEqual({ mainMode: main, subMode: sub });
    expect(encodeCustomMode(main, sub)).toBe(customMode);
    const m = modeFromCustomMode(customMode);
    expect(m).toMatchObject({ known: true, name, displayName: display, mainMode: main, subMode: sub, customMode });
    expect(px4Mode(name).customMode).toBe(customMode);
  });

  it.each([
    ['Orbit', 3, 1, 0x01030000],
    ['PositionSlow', 3, 2, 0x02030000],
    ['Rattitude', 8, 0, 0x00080000],
    ['Ready', 4, 1, 0x01040000],
    ['FollowTarget', 4, 8, 0x08040000],
    ['PrecLand', 4, 9, 0x09040000],
    ['VtolTakeoff', 4, 10, 0x0a040000],
    ['External8', 4, 18, 0x12040000],
  ] as const)('%s = main %i sub %i = 0x%s', (name, main, sub, cm) => {
    expect(px4Mode(name)).toMatchObject({ mainMode: main, subMode: sub, customMode: cm });
    expect(modeFromCustomMode(cm).name).toBe(name);
  });

  it('sub modes with bit 31 stay unsigned', () => {
    expect(encodeCustomMode(4, 0xff)).toBe(0xff040000);
    expect(encodeCustomMode(4, 0xff)).toBeGreaterThan(0);
    expect(decodeCustomMode(0xff040000)).toEqual({ mainMode: 4, subMode: 255 });
  });

  it.each([
    [0, 'Unknown(0x00000000)'],
    [0x00630000, 'Unknown(0x00630000)'],
    [0x07040000, 'Unknown(0x07040000)'], // AUTO sub 7 (retired RTGS)
    [0x01050000, 'Unknown(0x01050000)'], // ACRO has no sub modes
    [0xff040000, 'Unknown(0xff040000)'],
  ])('unknown 0x%s decodes to %s, not to a guess', (cm, name) => {
    const m = modeFromCustomMode(cm);
    expect(m.known).toBe(false);
    expect(m.name).toBe(name);
  });

  it('ignores the reserved low 16 bits', () => {
    expect(modeFromCustomMode(0x03040001).name).toBe('Hold');
  });

  it('names are unique and every mode round-trips', () => {
    expect(new Set(PX4_MODES.map((m) => m.name)).size).toBe(PX4_MODES.length);
    expect(new Set(PX4_MODES.map((m) => m.customMode)).size).toBe(PX4_MODES.length);
    for (const m of PX4_MODES) expect(modeFromCustomMode(m.customMode)).toBe(m);
  });
});

describe('parseModeName and DO_SET_MODE params', () => {
  it.each([
    ['Hold', 'Hold'],
    ['hold', 'Hold'],
    ['AUTO.LOITER', 'Hold'],
    ['loiter', 'Hold'],
    ['Return', 'RTL'],
    ['auto_rtl', 'RTL'],
    ['Precision Land', 'PrecLand'],
    ['posctl', 'Position'],
    ['Follow Me', 'FollowTarget'],
  ])('"%s" → %s', (input, name) => {
    expect(parseModeName(input).name).toBe(name);
  });

  it('an unknown name is MODE_UNKNOWN listing the valid names', () => {
    let err: unknown;
    try {
      parseModeName('Sport');
    } catch (e) {
      err = e;
    }
    expect(isBridgeError(err, 'MODE_UNKNOWN')).toBe(true);
    expect((err as Error).message).toMatch(/"Sport".*Hold, Mission/);
  });

  it.each([
    ['Hold', [1, 4, 3]],
    ['Mission', [1, 4, 4]],
    ['RTL', [1, 4, 5]],
    ['Land', [1, 4, 6]],
    ['Takeoff', [1, 4, 2]],
    ['Position', [1, 3, 0]],
    ['Orbit', [1, 3, 1]],
    ['Offboard', [1, 6, 0]],
  ] as const)('%s → p1..p3 %j (separate bytes, as in the recorded traces)', (name, params) => {
    const p = setModeParams(px4Mode(name));
    expect([p.param1, p.param2, p.param3]).toEqual(params);
  });
});

describe('HEARTBEATs recorded from PX4 (commands.jsonl)', () => {
  it('every custom_mode the vehicle sent decodes to a known mode', () => {
    const seen = new Map<number, number>();
    for (const line of readFileSync(new URL('commands.jsonl', PX4_DIR), 'utf8').split('\n')) {
      if (!line.includes('"HEARTBEAT"')) continue;
      const rec = JSON.parse(line) as { dir: string; msg: string; fields: { autopilot: number; custom_mode: number } };
      if (rec.msg !== 'HEARTBEAT' || rec.dir !== 'rx' || rec.fields.autopilot === 8) continue;
      seen.set(rec.fields.custom_mode, (seen.get(rec.fields.custom_mode) ?? 0) + 1);
    }
    const names = [...seen.keys()].map((cm) => modeFromCustomMode(cm));
    expect(names.filter((m) => !m.known)).toEqual([]);
    // The commands scenario visits every mode of the DO_SET_MODE table.
    expect(new Set(names.map((m) => m.name))).toEqual(
      new Set(['Hold', 'Mission', 'RTL', 'Land', 'Takeoff', 'Position', 'Altitude', 'Manual', 'Stabilized', 'Acro', 'Offboard']),
    );
  });
});
