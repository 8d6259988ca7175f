/**
 * Issue 11 §3 through the service: POST /api/plan is planned in a worker thread (the response
 * names the thread; 0 would be the event loop), gives the plan the event loop would give, and
 * while a long plan runs /api/health is answered first. Event-loop lag figures are in the bench.
 */
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAlone } from '../../src/fleet/plan-alone.js';
import { hamburgIndex, profile as namedProfile, vehicle } from '../planner/helpers.js';
import { startTestService, testConfig } from './rig.js';

const UKE = { lat: 53.5914, lon: 9.9767 };
const ST_GEORG = { lat: 53.5592, lon: 10.0181 };
const departAt = '2026-12-24T09:00:00Z';

describe('planning in worker threads (service)', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    svc = await startTestService(testConfig({ simulator: { enabled: false, vehicles: 0, speed: 1, home: { ...UKE, altAmslM: 10 } }, deconfliction: { enabled: false } }));
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
});
