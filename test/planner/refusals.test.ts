/** Every refusal code: when it happens, with zone and rule where one decided. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRoute } from '../../src/planner/plan-route.js';
import { PLAN_REFUSAL_CODES } from '../../src/planner/refusals.js';
import { shortestPath } from '../../src/planner/search.js';
import { makeShape } from '../../src/planner/shapes.js';
import type { PlanRequest } from '../../src/planner/types.js';
import { verifyRoute } from '../../src/planner/verify-route.js';
import { hamburgIndex, request, scenario } from './helpers.js';

const index = hamburgIndex();
const h2 = (): PlanRequest => request(scenario('H2'));
const refusal = (r: ReturnType<typeof planRoute>) => (r.ok ? undefined : r.refusal);

describe('refusals', () => {
  it.each([
    { what: 'latitude out of range', req: () => ({ ...h2(), from: { lat: 95, lon: 10 } }), code: 'REQUEST_INVALID', msg: /from must be/ },
    { what: 'negative battery', req: () => ({ ...h2(), vehicle: { ...h2().vehicle, batteryWh: -1 } }), code: 'REQUEST_INVALID', msg: /vehicle\.batteryWh/ },
    { what: 'profile not parsed', req: () => ({ ...h2(), profile: { category: 'specific' } as never }), code: 'REQUEST_INVALID', msg: /parseOperationProfile/ },
    { what: 'unknown mode', req: () => ({ ...h2(), mode: 'hover' as never }), code: 'REQUEST_INVALID', msg: /mode must be/ },
    { what: 'bad departure time', req: () => ({ ...h2(), departAt: 'tomorrow' }), code: 'REQUEST_INVALID', msg: /departAt/ },
    { what: 'same point', req: () => ({ ...h2(), to: h2().from }), code: 'REQUEST_INVALID', msg: /same point/ },
    { what: 'across the antimeridian, far from the data', req: () => ({ ...h2(), from: { lat: 53.55, lon: 179.9999 }, to: { lat: 53.55, lon: -179.9999 } }), code: 'OUTSIDE_COVERAGE', msg: /from .* far outside the airspace data/ },
    { what: 'destination in Munich with Hamburg data', req: () => ({ ...h2(), to: { lat: 48.14, lon: 11.58 } }), code: 'OUTSIDE_COVERAGE', msg: /to .* km outside the airspace data/ },
    { what: 'floor above ceiling', req: () => ({ ...h2(), options: { cruiseFloorAglM: 130 } }), code: 'HEIGHT_CEILING', msg: /floor 130/ },
    { what: 'wind over the limit', req: () => ({ ...h2(), wind: { speedMps: 20, fromDeg: 0 } }), code: 'WIND_TOO_STRONG', msg: /exceeds/ },
    { what: 'small quad too far', req: () => ({ ...request(scenario('H6')), vehicle: { ...h2().vehicle, batteryWh: 60 } }), code: 'ENERGY_INSUFFICIENT', msg: /reserve/ },
  ])('$what → $code', ({ req, code, msg }) => {
    const r = refusal(planRoute(req(), { index }));
    expect(r?.code).toBe(code);
    expect(r?.message).toMatch(msg);
  });

  it('NO_ROUTE names the zones that block the straight line (across the Elbe with a 90 m ceiling: no legal crossing)', () => {
    const r = refusal(planRoute({ ...h2(), from: { lat: 53.55, lon: 9.955 }, to: { lat: 53.515, lon: 10.0 }, options: { cruiseCeilingAglM: 90 } }, { index }));
    expect(r?.code).toBe('NO_ROUTE');
    expect(r?.details?.['blockingZones']).toEqual(expect.arrayContaining(['HHW01']));
    expect(r?.message).toMatch(/HHW01 \(LUFTVO-21H-3-5\)/);
    // with the default 120 m ceiling the same trip crosses the Elbe
    expect(planRoute({ ...h2(), from: { lat: 53.55, lon: 9.955 }, to: { lat: 53.515, lon: 10.0 } }, { index }).ok).toBe(true);
  });

  it('a destination behind the airport zones is reached the long way round (no false NO_ROUTE)', () => {
    const r = planRoute({ ...h2(), to: { lat: 53.6466, lon: 9.9245 } }, { index });
    expect(r.ok && r.route.distanceM).toBeGreaterThan(12_000);
  });

  it('SEARCH_LIMIT when the work budget is exhausted (the search reports \'limit\'; find-path maps it to \'SEARCH_LIMIT\')', () => {
    const shapes = Array.from({ length: 20 }, (_, i) => makeShape({ kind: 'disc', cx: -900 + i * 90, cy: (i % 2) * 60 - 30 }, 40, `Z${i}`, 0));
    expect(shortestPath({ sx: -1200, sy: 0, gx: 1200, gy: 0, shapes, special: [], maxLengthM: 10_000, budget: 10 }).kind).toBe('limit');
  });

  it('INTERNAL_ROUTE_CHECK when a route the rules engine refuses reaches the final check', () => {
    const s = scenario('H6');
    const a = { ...s.from, altAglM: 60 }, b = { ...s.to, altAglM: 60 };
    const r = verifyRoute(index, [{ kind: 'cruise', from: a, to: b, horizontalM: 7640, groundSpeedMps: 11, durationS: 694, energyWh: 170, startS: 0 }], request(s).profile, { groundAmslM: 10 }, Date.parse('2026-05-04T08:00:00Z'));
    expect('ok' in r && r.refusal).toMatchObject({ code: 'INTERNAL_ROUTE_CHECK', zoneId: 'HHP04', ruleId: 'LUFTVO-21H-3-3' });
  });

  it('every declared code is exercised somewhere in test/planner', () => {
    const dir = import.meta.dirname;
    const text = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(PLAN_REFUSAL_CODES.filter((c) => !text.includes(`'${c}'`) || c === 'SEARCH_LIMIT' && !text.includes("toBe('limit')"))).toEqual([]);
  });
});
