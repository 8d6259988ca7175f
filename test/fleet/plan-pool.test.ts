/**
 * Planning in worker threads (src/fleet/plan-pool.ts): the plan comes from another thread and is
 * the plan the event loop would have made; a typed error thrown in the worker arrives as the same
 * class and code, and maps to the same HTTP status as when thrown on the main thread. Mission
 * validations (POST /api/missions/validate) run there too.
 */
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { AirspaceError, createAirspaceIndex, type Zone } from '../../src/airspace/index.js';
import { planAlone } from '../../src/fleet/plan-alone.js';
import { PlanPool, reviveError } from '../../src/fleet/plan-pool.js';
import { MissionBuildError } from '../../src/mission/errors.js';
import { validateMission } from '../../src/mission/validate-mission.js';
import { parseWpl } from '../../src/mission/wpl.js';
import { toErrorResponse } from '../../src/server/api-error.js';
import { hamburgZones, profile, request, scenario } from '../planner/helpers.js';

const zones = hamburgZones();
const index = createAirspaceIndex(zones);
const pool = new PlanPool({ zones, origin: index.frame.origin, groundAmslM: 10, size: 1 });
afterAll(() => pool.close());

describe('PlanPool', () => {
  it('plans H2 in a worker thread, the same plan as on the event loop', async () => {
    const req = request(scenario('H2'));
    const out = await pool.plan(req);
    expect(out.threadId).not.toBe(threadId);
    expect(out.threadId).toBeGreaterThan(0);
    const here = planAlone(req, { index, groundAmslM: 10 });
    expect(out.result).toEqual(here.result);
    expect(out.plan).toEqual(here.plan);
  });

  it('queues requests for its one worker and answers each (refusals too)', async () => {
    const outs = await Promise.all(['H1', 'H3', 'H5'].map((id) => pool.plan(request(scenario(id)))));
    expect(outs.map((o) => o.result.ok)).toEqual(['H1', 'H3', 'H5'].map((id) => planAlone(request(scenario(id)), { index, groundAmslM: 10 }).result.ok));
    const refused = await pool.plan(request(scenario('H2'), {}, { consents: [] }));
    expect(refused.result.ok).toBe(false);
  });

  it('a typed error thrown in the worker is thrown here as the same class, code and HTTP status', async () => {
    // a zone with WGS84 limits across H2's line and no geoid undulation: HEIGHT_REFERENCE_MISSING
    const wgs: Zone = { ...zones.find((z) => z.id === 'HHH01')!, id: 'WGS01', volumes: [{ footprint: { kind: 'circle', center: [9.997, 53.575], radiusM: 300 }, lower: { heightM: 0, ref: 'WGS84' }, upper: null }] };
    const set = [...zones, wgs];
    const idx = createAirspaceIndex(set);
    const req = request(scenario('H2'));
    let onMain: unknown;
    try {
      planAlone(req, { index: idx, groundAmslM: 10 });
    } catch (e) {
      onMain = e;
    }
    expect(onMain).toBeInstanceOf(AirspaceError);
    const p = new PlanPool({ zones: set, origin: idx.frame.origin, groundAmslM: 10, size: 1 });
    try {
      const e = await p.plan(req).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(AirspaceError);
      expect((e as AirspaceError).code).toBe((onMain as AirspaceError).code);
      expect((e as AirspaceError).message).toBe((onMain as AirspaceError).message);
      expect(toErrorResponse(e)).toEqual(toErrorResponse(onMain));
      expect(toErrorResponse(e).status).toBe(422);
    } finally {
      await p.close();
    }
  });

  it('revives the other planning errors by name; unknown ones keep code and details', () => {
    const m = reviveError({ name: 'MissionBuildError', code: 'FENCE_LIMIT_EXCEEDED', message: 'too many', details: { items: 70 } });
    expect(m).toBeInstanceOf(MissionBuildError);
    expect(m).toMatchObject({ code: 'FENCE_LIMIT_EXCEEDED', details: { items: 70 } });
    const u = reviveError({ name: 'ObstacleError', code: 'OBSTACLE_INVALID', message: 'bad' });
    expect(u).toMatchObject({ name: 'ObstacleError', code: 'OBSTACLE_INVALID', message: 'bad' });
  });

  it('after close, a request is refused with PLAN_WORKER_FAILED (503)', async () => {
    const p = new PlanPool({ zones, origin: index.frame.origin, groundAmslM: 10, size: 1 });
    await p.close();
    const e = await p.plan(request(scenario('H2'))).then(() => undefined, (x: unknown) => x);
    expect(toErrorResponse(e)).toMatchObject({ status: 503, body: { code: 'PLAN_WORKER_FAILED' } });
  });

  it('validates a mission in the worker: the same answer as on the event loop; a bad position is the same ROUTE_INVALID (400)', async () => {
    const text = 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53.5508\t9.9925\t10\t1\n1\t0\t3\t22\t0\t0\t0\t0\t53.5508\t9.9925\t60\t1\n'
      + '2\t0\t3\t16\t0\t0\t0\t0\t53.5914\t9.9767\t60\t1\n3\t0\t3\t16\t0\t0\t0\t0\t53.4605\t9.9645\t60\t1\n4\t0\t3\t21\t0\t0\t0\t0\t53.4605\t9.9645\t0\t1\n';
    const items = parseWpl(text).mission;
    const p = profile('specific-bvlos-delivery', { consents: ['HHH01'] });
    const options = { homeAmslM: 10, groundSpeedMps: 11, departAt: '2026-05-04T08:00:00Z' };
    const out = await pool.validate({ items, profile: p, options });
    expect(out.threadId).toBeGreaterThan(0);
    const { threadId: _t, ...v } = out;
    expect(v).toEqual(validateMission(items, index, p, options));
    expect(v.ok).toBe(false); // crosses the Elbe at 60 m
    const bad = items.map((it, i) => (i === 2 ? { ...it, x: 91e7 } : it));
    let onMain: unknown;
    try {
      validateMission(bad, index, p, options);
    } catch (e) {
      onMain = e;
    }
    const e = await pool.validate({ items: bad, profile: p, options }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(AirspaceError);
    expect((e as AirspaceError).code).toBe('ROUTE_INVALID');
    expect(toErrorResponse(e)).toEqual(toErrorResponse(onMain));
    expect(toErrorResponse(e).status).toBe(400);
  });
});
