/**
 * The real-world corpus (test/fixtures/missions-real-world, provenance in manifest.json/README.md):
 * each file's expected outcome, then elbflug → format → elbflug round trips and the export read
 * back by re-implementations of QGC's, MAVSDK's and Mission Planner's loaders (./loader-oracles.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { qgcFrame } from '../../src/mission/altitude-mode.js';
import { MissionFileError } from '../../src/mission/errors.js';
import { GLOBAL_FRAMES } from '../../src/mission/mav.js';
import { parseQgcPlan } from '../../src/mission/qgc-plan.js';
import { toQgcPlan, writeQgcPlan } from '../../src/mission/qgc-plan-export.js';
import { parseWpl, writeWpl } from '../../src/mission/wpl.js';
import { frameMeaning, mavsdkImport, missionPlannerReads, qgcReads } from './loader-oracles.js';

const DIR = join(import.meta.dirname, '../fixtures/missions-real-world');
interface Expect { ok?: true; error?: string; message?: string; commands?: number[]; frames?: number[]; fence?: number[]; rally?: number; convention?: string; home?: number[]; warnings?: string[] }
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { files: Record<string, { source: string; path: string; commit: string; licence: string; expect: Expect }> };
const FILES = Object.entries(manifest.files);
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');
const isPlan = (text: string): boolean => text.trimStart().startsWith('{');
const parse = (text: string) => (isPlan(text) ? parseQgcPlan(text) : parseWpl(text));
const canonical = (m: MissionItem): MissionItem => ({ ...m, frame: qgcFrame(m.frame) });

describe('real-world corpus: manifest', () => {
  it('lists every file in the folder, each with source, commit and a permissive licence', () => {
    const onDisk = readdirSync(DIR).filter((f) => f !== 'manifest.json' && f !== 'README.md').sort();
    expect(Object.keys(manifest.files).sort()).toEqual(onDisk);
    for (const [, m] of FILES) {
      expect(m.source).toMatch(/^https:\/\/github\.com\//);
      expect(m.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(m.licence).toMatch(/^(BSD-3-Clause|Apache-2\.0|MIT)/);
    }
  });
});

describe.each(FILES)('real-world corpus: %s', (name, { expect: want }) => {
  const text = read(name);
  it(want.ok ? 'imports with the stated items and warnings' : `is refused with ${want.error}`, () => {
    if (!want.ok) {
      expect(() => parse(text)).toThrow(MissionFileError);
      try {
        parse(text);
      } catch (e) {
        expect((e as MissionFileError).code).toBe(want.error);
        expect((e as MissionFileError).message).toMatch(new RegExp(want.message!));
      }
      return;
    }
    const p = parse(text);
    expect(p.mission.map((m) => m.command)).toEqual(want.commands);
    if (want.frames) expect(p.mission.map((m) => m.frame)).toEqual(want.frames);
    expect(p.fence.map((m) => m.command)).toEqual(want.fence ?? []);
    expect(p.rally).toHaveLength(want.rally ?? 0);
    expect(p.mission.every((m) => Number.isFinite(m.z) || !GLOBAL_FRAMES.has(m.frame) || m.command === 20 || m.command === 21 || m.command >= 100)).toBe(true);
    expect(p.warnings.map((w) => w.message)).toEqual((want.warnings ?? []).map((re) => expect.stringMatching(new RegExp(re))));
    if (want.convention) expect('convention' in p && p.convention).toBe(want.convention);
    if (want.home && 'home' in p) expect(p.home).toEqual({ lat: want.home[0], lon: want.home[1], altAmslM: want.home[2] });
  });

  if (!want.ok) return;
  const p = parse(text);
  const home = 'plannedHome' in p ? p.plannedHome : (p.home ?? { lat: 0, lon: 0, altAmslM: 0 });

  it('round-trips elbflug → .plan → elbflug and elbflug → WPL → elbflug with the same meaning', () => {
    const viaPlan = parseQgcPlan(writeQgcPlan({ plannedHome: home, mission: p.mission, fence: p.fence, rally: p.rally }));
    // a .plan has no `current` (QGC marks seq 0 at upload; PX4 ignores it): only WPL carries it
    expect(viaPlan.mission.map(canonical)).toEqual(p.mission.map((m) => ({ ...canonical(m), current: 0 })));
    expect([viaPlan.fence, viaPlan.rally]).toEqual([p.fence, p.rally]);
    const viaWpl = parseWpl(writeWpl(p.mission, { home }));
    expect(viaWpl.mission.map(canonical)).toEqual(p.mission.map(canonical));
  });

  it('its .plan export reads the same in QGC (shown and flown height reference) and in MAVSDK', () => {
    const doc = toQgcPlan({ plannedHome: home, mission: p.mission, fence: p.fence, rally: p.rally });
    const qgc = qgcReads(doc);
    expect(qgc.errors).toEqual([]);
    const positional = p.mission.filter((m) => frameMeaning(m.frame) !== undefined);
    expect(qgc.items.map((i) => i.flies)).toEqual(positional.map((m) => frameMeaning(m.frame)));
    expect(qgc.items.filter((i) => i.shown !== i.flies)).toEqual([]);
    expect(qgc.items.every((i, k) => i.friendly || positional[k]!.autocontinue === 0)).toBe(true);
    const mavsdk = mavsdkImport(JSON.parse(JSON.stringify(doc)) as Record<string, unknown>);
    if (typeof mavsdk === 'string') throw new Error(`MAVSDK would refuse: ${mavsdk}`);
    // MAVSDK uploads a DO_JUMP's params[0] (the target's doJumpId, seq + 1) unchanged, one item further than QGC sends it (docs/mission.md)
    const mavsdkJump = (m: MissionItem): number => (m.command === 177 ? m.param1 + 1 : m.param1);
    expect(mavsdk.map((m) => ({ ...m, frame: qgcFrame(m.frame) }))).toEqual(p.mission.map((m) => ({ frame: qgcFrame(m.frame), command: m.command, autocontinue: m.autocontinue, param1: mavsdkJump(m), param2: m.param2, param3: m.param3, param4: m.param4, x: m.x, y: m.y, z: m.z })));
  });

  it('its WPL export reads the same in Mission Planner (home, height reference, positions)', () => {
    const mp = missionPlannerReads(writeWpl(p.mission, { home }));
    expect(mp.home).toEqual([home.lat, home.lon, home.altAmslM]);
    const positional = p.mission.filter((m) => frameMeaning(m.frame) !== undefined);
    const mpPositional = mp.items.filter((_, k) => frameMeaning(p.mission[k]!.frame) !== undefined);
    expect(mpPositional.map((i) => i.heightRef)).toEqual(positional.map((m) => frameMeaning(m.frame)));
    expect(mpPositional.map((i) => [i.lat, i.lng])).toEqual(positional.map((m) => [m.x / 1e7, m.y / 1e7]));
  });
});
