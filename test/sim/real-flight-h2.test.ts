/**
 * Regression: the H2 delivery that failed on real PX4 1.16 (../shared/px4/real-flights/h2-geofence-rtl)
 * fails in the simulator the same way. The ground side of the recorded tlog (mission, 4-vertex
 * corridor fence, 6 rally points, the RTL_ parameters, GF_ACTION=3, GF_PREDICT=1, GF_MAX_VER_DIST=120, NAV_DLL_ACT,
 * ARM, MISSION_START) is replayed at the recorded times from the same home; PX4's own side of the
 * tlog is the reference:
 *   - the geofence failsafe triggers within 20 m of where PX4's did and within 10 % of its time
 *     from arming (PX4: 492 s after ARM, ≈32 m before the landing point, at cruise speed);
 *   - the same STATUSTEXTs in the same order (Hold for 5 s, then RTL);
 *   - RTL goes to the closest rally point (the one at the landing point), lands there and disarms.
 */
import { describe, expect, it } from 'vitest';
import { toNE } from '../../sim/physics/geo.js';
import { fixAt, haveRealFlight, readRealFlight, replayRealFlight } from './real-flight.js';

const NAME = 'h2-geofence-rtl';
const HOME = { lat: 53.5914, lon: 9.9767, altAmsl: 15 }; // the SITL's SIH origin (px4-sitl README, README of the flight)
const LANDING = { lat: 53.5592, lon: 10.0181 };
const RTL_TEXT = /^RTL: start return at (\d+) m \((\d+) m above destination\)\t$/;

/** Figures of the last run, for the report (printed once). */
export const figures: Record<string, number> = {};

describe.skipIf(!haveRealFlight(NAME) && process.env.CI !== 'true')('real flight h2-geofence-rtl replayed in sim/', () => {
  it('geofence failsafe at PX4’s place (≤ 20 m) and time (≤ 10 %), Hold 5 s, RTL to the landing-point rally point, landed, disarmed', async () => {
    const rec = readRealFlight(NAME);
    const px4Breach = rec.texts.find((t) => t.text === 'Geofence: approaching or outside geofence')!;
    expect(px4Breach, 'the recording holds PX4’s geofence text').toBeDefined();
    const px4Fix = fixAt(rec.fixes, px4Breach.t);
    const px4Disarm = rec.texts.find((t) => t.text === 'Disarmed by landing\t')!;
    const px4Land = fixAt(rec.fixes, px4Disarm.t);

    const h = await replayRealFlight(rec, { home: HOME }, px4Disarm.t + 60, (x) => x.texts().some((t) => t.text === 'Disarmed by landing\t'));
    try {
      const v = h.fleet.vehicles[0]!;
      const texts = h.texts();
      const simArm = texts.find((t) => t.text === 'Armed by external command\t')!;
      const simBreach = texts.find((t) => t.text === 'Geofence: approaching or outside geofence');
      expect(simBreach, `sim texts: ${texts.map((t) => t.text).join(' | ')}`).toBeDefined();
      // Where: the sim position at its trigger against PX4's position at its trigger.
      const simFix = nearestStatus(h, simBreach!.t);
      const placeErr = Math.hypot(...Object.values(toNE(simFix, px4Fix)));
      // When: seconds from arming.
      const px4Since = px4Breach.t - rec.armT;
      const simSince = simBreach!.t - simArm.t;
      const timeErrPct = (100 * Math.abs(simSince - px4Since)) / px4Since;
      Object.assign(figures, { placeErr, timeErrPct, px4Since, simSince, px4BeforeLanding: dist(px4Fix, LANDING), simBeforeLanding: dist(simFix, LANDING) });
      expect(placeErr, `trigger ${placeErr.toFixed(1)} m from PX4's`).toBeLessThanOrEqual(20);
      expect(timeErrPct, `trigger ${simSince.toFixed(1)} s after ARM, PX4 ${px4Since.toFixed(1)} s`).toBeLessThanOrEqual(10);

      // The same texts in the same order from ARM to disarm; RTL altitudes within 1 m (PX4's home altitude is noisy).
      const from = (list: { text: string }[], first: string) => list.slice(list.findIndex((t) => t.text === first)).map((t) => t.text);
      const px4Texts = from(rec.texts, 'Armed by external command\t');
      const simTexts = from(texts, 'Armed by external command\t');
      expect(simTexts.map((t) => t.replace(RTL_TEXT, 'RTL: start return at …'))).toEqual(px4Texts.map((t) => t.replace(RTL_TEXT, 'RTL: start return at …')));
      const [, px4Alt, px4Above] = RTL_TEXT.exec(px4Texts.find((t) => RTL_TEXT.test(t))!)!;
      const [, simAlt, simAbove] = RTL_TEXT.exec(simTexts.find((t) => RTL_TEXT.test(t))!)!;
      Object.assign(figures, { px4RtlAlt: Number(px4Alt), simRtlAlt: Number(simAlt) });
      expect(Math.abs(Number(simAlt) - Number(px4Alt))).toBeLessThanOrEqual(1);
      expect(Number(simAbove)).toBe(Number(px4Above));

      // Hold for COM_FAIL_ACT_T, then RTL (PX4: 5.07 s between the two failsafe texts).
      const at = (list: { t: number; text: string }[], text: string) => list.find((t) => t.text === text)!.t;
      const simHold = at(texts, 'Failsafe activated\t') - at(texts, 'Failsafe activated: entering Hold for 5 seconds\t');
      expect(Math.abs(simHold - (at(rec.texts, 'Failsafe activated\t') - at(rec.texts, 'Failsafe activated: entering Hold for 5 seconds\t')))).toBeLessThan(0.5);

      // Descent and land detector: "RTL: land at destination" → "Landing detected" (PX4 55.1 s) → "Disarmed by landing" (2.0 s).
      const descent = (list: { t: number; text: string }[]) => at(list, 'Landing detected\t') - at(list, 'RTL: land at destination\t');
      const disarmAfter = (list: { t: number; text: string }[]) => at(list, 'Disarmed by landing\t') - at(list, 'Landing detected\t');
      Object.assign(figures, { px4DescentS: descent(rec.texts), simDescentS: descent(texts), px4DisarmS: disarmAfter(rec.texts), simDisarmS: disarmAfter(texts) });
      expect(Math.abs(descent(texts) - descent(rec.texts)) / descent(rec.texts)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(disarmAfter(texts) - disarmAfter(rec.texts))).toBeLessThan(0.3);

      // RTL destination: rally point 5 (at the landing point), not home 4.5 km back; landed there and disarmed.
      expect(v.sim.vehicle.lastRtl).toMatchObject({ kind: 'rally', index: 5 });
      const end = v.status();
      expect(end.armed).toBe(false);
      const landErr = dist(end, px4Land);
      Object.assign(figures, { landErr, px4LandFromPoint: dist(px4Land, LANDING), simLandFromPoint: dist(end, LANDING) });
      expect(landErr, `sim landed ${landErr.toFixed(1)} m from where PX4 landed`).toBeLessThan(3);
      console.log(`h2-geofence-rtl figures: ${JSON.stringify(figures, (_k, x: unknown) => (typeof x === 'number' ? Math.round(x * 100) / 100 : x))}`);
    } finally {
      await h.close();
    }
  }, 120_000);
});

function dist(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const d = toNE(a, b);
  return Math.hypot(d.n, d.e);
}

/** The vehicle's position as the GCS saw it at (or just before) time t (GLOBAL_POSITION_INT). */
function nearestStatus(h: Awaited<ReturnType<typeof replayRealFlight>>, t: number): { lat: number; lon: number } {
  const gpi = h.of<import('../../firmware-bridge/codec/dialect.js').common.GlobalPositionInt>('GLOBAL_POSITION_INT');
  let best = gpi[0]!;
  for (const g of gpi) if (Math.abs(g.t - t) < Math.abs(best.t - t)) best = g;
  return { lat: best.data.lat / 1e7, lon: best.data.lon / 1e7 };
}
