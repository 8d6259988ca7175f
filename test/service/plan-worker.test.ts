/**
 * Issue 11 §3 through the service: POST /api/plan is planned and POST /api/missions/validate is
 * validated in a worker thread (the response names the thread; 0 would be the event loop), each
 * gives what the event loop would give, and while a long plan or validation runs /api/health is
 * answered first. Event-loop lag figures are in the bench.
 */
import { resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAlone } from '../../src/fleet/plan-alone.js';
import { DEFAULT_OBSTACLES_FILE, loadObstaclesFile } from '../../src/io/obstacles-file.js';
import { validateMission } from '../../src/mission/validate-mission.js';
import { parseWpl } from '../../src/mission/wpl.js';
import { hamburgIndex, profile as namedProfile, vehicle } from '../planner/helpers.js';
import { startTestService, testConfig } from './rig.js';

const UKE = { lat: 53.5914, lon: 9.9767 };
const ST_GEORG = { lat: 53.5592, lon: 10.0181 };
const departAt = '2026-12-24T09:00:00Z';

/** A WPL mission zigzagging n times across the city at 60 m (hundreds of zone passages to judge). */
function zigzag(n: number): string {
  const rows = ['QGC WPL 110', '0\t1\t0\t16\t0\t0\t0\t0\t53.5508\t9.9925\t10\t1', '1\t0\t3\t22\t0\t0\t0\t0\t53.5508\t9.9925\t60\t1'];
  for (let i = 0; i < n; i++) rows.push(`${i + 2}\t0\t3\t16\t0\t0\t0\t0\t${(53.47 + (i % 2) * 0.16).toFixed(6)}\t${(9.8 + (0.3 * i) / n).toFixed(6)}\t60\t1`);
  rows.push(`${n + 2}\t0\t3\t21\t0\t0\t0\t0\t53.5508\t9.9925\t0\t1`);
  return `${rows.join('\n')}\n`;
}

describe('planning in worker threads (service)', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  const config = testConfig({ simulator: { enabled: false, vehicles: 0, speed: 1, home: { ...UKE, altAmslM: 10 } }, deconfliction: { enabled: false } });
  beforeAll(async () => {
    svc = await startTestService(config);
  });
  afterAll(async () => svc?.close());

  it('POST /api/plan is planned off the event loop and equals the plan made on it', async () => {
    const res = await svc.api('/plan', { method: 'POST', body: JSON.stringify({ from: UKE, to: ST_GEORG, consents: ['HHH01', 'HHH02'], departAt }) });
    expect(res.status).toBe(200);
    const thread = Number(res.headers.get('x-elbflug-plan-thread'));
    expect(thread).toBeGreaterThan(0);
    expect(thread).not.toBe(threadId);
    const body = (await res.json()) as { ok: boolean; route: { distanceM: number; legs: unknown[] }; mission: { rally: { points: unknown[] } } };
    expect(body.ok).toBe(true);
    const profile = { ...namedProfile('specific-bvlos-delivery'), consents: [{ zoneId: 'HHH01' }, { zoneId: 'HHH02' }], departureTime: departAt };
    const here = planAlone({ from: UKE, to: ST_GEORG, vehicle: vehicle(), profile, mode: 'land', departAt }, { index: hamburgIndex(), groundAmslM: 10 });
    expect(here.result.ok).toBe(true);
    if (here.result.ok) expect(body.route.distanceM).toBeCloseTo(here.result.route.distanceM, 6);
  });

  it('while a long plan runs in the worker, /api/health is answered first', async () => {
    const order: string[] = [];
    // a cross-city pair whose rally/Return checks take long (issue 11's slow pairs)
    const plan = svc.api('/plan', { method: 'POST', body: JSON.stringify({ from: { lat: 53.6041, lon: 10.0417 }, to: { lat: 53.5048, lon: 9.878 }, departAt }) })
      .then(async (r) => { order.push(`plan ${r.status} ${r.headers.get('x-elbflug-plan-thread')}`); });
    // the plan request is in the worker once the pool has it; health then needs only the event loop
    await new Promise((r) => setTimeout(r, 50));
    const health = await svc.api('/health');
    order.push(`health ${health.status}`);
    await plan;
    expect(order[0]).toBe('health 200');
    expect(order[1]).toMatch(/^plan 200 [1-9]\d*$/);
  });

  it('POST /api/missions/validate is validated off the event loop and equals the validation made on it', async () => {
    const text = zigzag(12);
    const res = await svc.api('/missions/validate', { method: 'POST', body: JSON.stringify({ format: 'wpl', text, departAt, consents: ['HHH01'] }) });
    expect(res.status).toBe(200);
    const thread = Number(res.headers.get('x-elbflug-plan-thread'));
    expect(thread).toBeGreaterThan(0);
    expect(thread).not.toBe(threadId);
    const body = (await res.json()) as { items: number; ok: boolean; legs: unknown[] };
    const profile = { ...namedProfile('specific-bvlos-delivery'), consents: [{ zoneId: 'HHH01' }], departureTime: departAt };
    // the service's structures (the default file) with its clearances
    expect(resolve(config.obstacles.file)).toBe(DEFAULT_OBSTACLES_FILE);
    const obstacles = { list: (await loadObstaclesFile(DEFAULT_OBSTACLES_FILE)).obstacles, clearance: { horizontalM: config.obstacles.horizontalClearanceM, verticalM: config.obstacles.verticalClearanceM } };
    const here = validateMission(parseWpl(text).mission, hamburgIndex(), profile, { homeAmslM: 10, groundSpeedMps: vehicle().cruiseSpeedMps, departAt, obstacles });
    expect(body.ok).toBe(false); // the zigzag crosses zones that are obstacles
    expect(body.items).toBe(14); // takeoff, 12 waypoints, land (the home row is not a mission item)
    expect(JSON.parse(JSON.stringify(here.legs))).toEqual(body.legs);
  });

  it('while a long validation runs in the worker, /api/health is answered first', async () => {
    const order: string[] = [];
    const text = zigzag(400); // ≈ 1 s of validation on this machine
    const validation = svc.api('/missions/validate', { method: 'POST', body: JSON.stringify({ format: 'wpl', text, departAt }) })
      .then(async (r) => { order.push(`validate ${r.status} ${r.headers.get('x-elbflug-plan-thread')}`); });
    await new Promise((r) => setTimeout(r, 50));
    const health = await svc.api('/health');
    order.push(`health ${health.status}`);
    await validation;
    expect(order[0]).toBe('health 200');
    expect(order[1]).toMatch(/^validate 200 [1-9]\d*$/);
  });
});
