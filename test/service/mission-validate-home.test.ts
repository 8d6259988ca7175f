/**
 * POST /api/missions/validate starts the flight path at the file's home (plannedHomePosition, a WPL
 * home row) and returns there on RTL, as `npm run plan -- --check` does. It used the first item's
 * position: a mission whose first waypoint lies beyond a prohibited zone from home (a take-off
 * without a position, as MAVSDK writes it) validated ok through the API and failed on the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, testConfig } from './rig.js';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(testConfig());
}, 60_000);
afterAll(async () => {
  await svc?.close();
});

// HHP04 (a circle around 9.9788 E, ≈ 53.5600 N, ZONE-PROHIBITED-class LUFTVO-21H-3-3) lies between home and the waypoint
const HOME: [number, number] = [53.56, 9.972];
const WAYPOINT: [number, number] = [53.56, 9.9856];
const items = [
  { type: 'SimpleItem', command: 22, frame: 3, params: [0, 0, 0, null, 0, 0, 30], autoContinue: true, doJumpId: 1 }, // take-off "here" (0°/0°)
  { type: 'SimpleItem', command: 16, frame: 3, params: [0, 0, 0, null, ...WAYPOINT, 30], autoContinue: true, doJumpId: 2 },
  { type: 'SimpleItem', command: 20, frame: 2, params: [0, 0, 0, 0, 0, 0, 0], autoContinue: true, doJumpId: 3 },
];
const plan = (home: number[]) => JSON.stringify({ fileType: 'Plan', version: 1, groundStation: 'QGroundControl', mission: { version: 2, firmwareType: 12, vehicleType: 2, hoverSpeed: 5, globalPlanAltitudeMode: 1, plannedHomePosition: home, items } });
const wpl = ['QGC WPL 110', `0\t1\t0\t16\t0\t0\t0\t0\t${HOME[0]}\t${HOME[1]}\t10\t1`, `1\t0\t3\t16\t0\t0\t0\t0\t${WAYPOINT[0]}\t${WAYPOINT[1]}\t30\t1`, '2\t0\t2\t20\t0\t0\t0\t0\t0\t0\t0\t1'].join('\r\n');

type V = { ok: boolean; legs: { seq: number; from: { lat: number; lon: number } }[]; violations: { seq: number; zoneId?: string }[] };
const validate = async (format: string, text: string): Promise<V> => {
  const r = await svc.api('/missions/validate', { method: 'POST', body: JSON.stringify({ format, text }) });
  expect(r.status).toBe(200);
  return (await r.json()) as V;
};

describe('POST /api/missions/validate uses the file home', () => {
  it('.plan: the path starts at plannedHomePosition, so the leg to the waypoint and the RTL enter HHP04', async () => {
    const v = await validate('plan', plan([...HOME, 10]));
    expect(v.ok).toBe(false);
    expect(v.legs[0]!.from).toMatchObject({ lat: HOME[0], lon: HOME[1] });
    expect([...new Set(v.violations.filter((x) => x.zoneId === 'HHP04').map((x) => x.seq))]).toEqual([1, 2]);
  });

  it('WPL: the home row starts the path', async () => {
    const v = await validate('wpl', wpl);
    expect(v.ok).toBe(false);
    expect(v.violations.some((x) => x.zoneId === 'HHP04')).toBe(true);
  });

  it('a 0°/0° home (a generator placeholder) is not taken as home: the path starts at the first position', async () => {
    const v = await validate('plan', plan([0, 0, 0]));
    expect(v.legs[0]!.from).toMatchObject({ lat: WAYPOINT[0], lon: WAYPOINT[1] });
    expect(v.violations.some((x) => x.zoneId === 'HHP04')).toBe(false);
  });
});
