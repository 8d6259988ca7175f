/**
 * Long fuzz run of planRoute on the Hamburg set (not part of npm test): random endpoints, consents,
 * times, modes, winds, margins, cruise heights, ATC clearances and the road/rail option. Prints
 * every throw, every route the independent checker calls illegal, every INTERNAL_ROUTE_CHECK and
 * every plan slower than 500 ms, then the outcome counts.
 * `N=400 SEED=5 npx tsx test/planner/tools/fuzz-hamburg.ts`
 */
import fc from 'fast-check';
import { planRoute } from '../../../src/planner/index.js';
import { hamburgIndex, hamburgZones, profile, vehicle } from '../helpers.js';
import { illegalLegs } from '../legal-checker.js';
const ZONE_IDS = hamburgZones().map((z) => z.id);
const arb = fc.record({
  from: fc.record({ lat: fc.double({ min: 53.42, max: 53.7, noNaN: true }), lon: fc.double({ min: 9.75, max: 10.2, noNaN: true }) }),
  to: fc.record({ lat: fc.double({ min: 53.42, max: 53.7, noNaN: true }), lon: fc.double({ min: 9.75, max: 10.2, noNaN: true }) }),
  consents: fc.subarray(ZONE_IDS, { maxLength: 10 }),
  departAt: fc.constantFrom('2026-05-04T08:00:00Z', '2026-08-29T11:30:00Z', '2026-08-22T14:00:00Z', '2026-04-03T17:00:00Z', '2026-05-04T23:00:00Z'),
  mode: fc.constantFrom('land' as const, 'drop-and-return' as const),
  rr: fc.boolean(), atc: fc.constantFrom('individual', 'general', 'none'), vlos: fc.boolean(),
  margin: fc.constantFrom(undefined, 0, 5, 50),
  cruise: fc.constantFrom(undefined, 30, 100, 120),
  wind: fc.option(fc.record({ speedMps: fc.double({ min: 0, max: 11, noNaN: true }), fromDeg: fc.double({ min: 0, max: 360, noNaN: true }) }), { nil: undefined }),
});
const counts = new Map<string, number>();
let worst = 0;
const worstBy = new Map<string, number>();
for (const x of fc.sample(arb, { numRuns: Number(process.env.N ?? 400), seed: Number(process.env.SEED ?? 1) })) {
  const req = { from: x.from, to: x.to, departAt: x.departAt, mode: x.mode, vehicle: vehicle(), ...(x.wind ? { wind: x.wind } : {}),
    profile: profile('specific-bvlos-delivery', { consents: x.consents, roadRailOverflightInRiskAssessment: x.rr, atcClearance: x.atc as never, vlos: x.vlos }),
    options: { ...(x.margin !== undefined ? { safetyMarginM: x.margin } : {}), ...(x.cruise !== undefined ? { preferredCruiseAglM: x.cruise } : {}) } };
  const t0 = performance.now();
  let p;
  try { p = planRoute(req, { index: hamburgIndex() }); } catch (e) { console.log('THROW', (e as Error).message, JSON.stringify(x)); continue; }
  const ms = performance.now() - t0;
  worst = Math.max(worst, ms);
  if (ms > Number(process.env.SLOW_MS ?? 500)) console.log('SLOW', ms.toFixed(0), p.ok ? 'ok' : p.refusal.code, JSON.stringify(x));
  const code = p.ok ? 'ok' : p.refusal.code;
  counts.set(code, (counts.get(code) ?? 0) + 1);
  worstBy.set(code, Math.max(worstBy.get(code) ?? 0, ms));
  if (p.ok) {
    const bad = illegalLegs(p.route, hamburgZones(), req.profile);
    if (bad.length) console.log('ILLEGAL', bad.slice(0, 3), JSON.stringify(x));
  } else if (code === 'INTERNAL_ROUTE_CHECK') console.log('INTERNAL', p.refusal.message.slice(0, 300), JSON.stringify(x));
}
console.log(Object.fromEntries(counts), 'worst', worst.toFixed(0), 'ms; worst per outcome', Object.fromEntries([...worstBy].map(([c, t]) => [c, Math.round(t)])));
