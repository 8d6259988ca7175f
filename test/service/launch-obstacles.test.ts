/**
 * Safety at launch, through the real service (embedded simulator, real UDP, SQLite): a stored
 * delivery whose mission enters a structure's clearance (planned before the structure was known:
 * here, planned without structures) is refused before anything is uploaded; with the structure's id
 * among the delivery's consents the launch goes ahead and the authorisation is in the audit log
 * before the upload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../lib/coded-error.js';
import type { StoredPlan } from '../../src/fleet/deliveries.js';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { PlanRequest } from '../../src/planner/types.js';
import type { JsonValue } from '../../src/store/store.js';
import { hamburgIndex } from '../planner/helpers.js';
import { startTestService, testConfig, waitFor } from './rig.js';

const FROM = { lat: 53.56, lon: 9.97 }, TO = { lat: 53.565, lon: 9.982 }; // issue 17: 13 m beside the Heinrich-Hertz-Turm
const OLGA = { name: 'olga', role: 'operator' };
let svc: Awaited<ReturnType<typeof startTestService>>;

beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 1, speed: 10, home: { ...FROM, altAmslM: 10 } } }));
});
afterAll(async () => {
  await svc?.close();
});

/** A delivery stored with a plan made without structures (as if planned before the structure data had it). */
async function storeUnawareDelivery(consents: string[]): Promise<string> {
  const index = hamburgIndex();
  const request: PlanRequest = {
    from: FROM, to: TO, vehicle: svc.vehicleProfiles[0]!, mode: 'land',
    profile: { ...svc.profile, consents: [...svc.profile.consents, ...consents.map((zoneId) => ({ zoneId }))], departureTime: new Date().toISOString() },
  };
  const r = planRoute(request, { index });
  if (!r.ok) throw new Error(r.refusal.message);
  const plan = buildDeliveryPlan(r.route, { index, homeAmslM: 10 });
  const stored: StoredPlan = { route: r.route, plan, marks: { mode: 'land', lastSeq: plan.mission.length - 1 } };
  const rec = await svc.store.createDelivery({ request: request as unknown as JsonValue, plan: stored as unknown as JsonValue, cause: 'stored by the test (planned without structures)' });
  return rec.id;
}

describe('launch checks the mission against the structures', () => {
  it('refused before upload (MISSION_UNSAFE naming HH-TVT); the delivery stays planned and the vehicle holds no mission and never arms', async () => {
    const id = await storeUnawareDelivery(['HHA01']);
    const vehicle = svc.fleet.vehicle('sim/1')!;
    const steps: string[] = [];
    const e = await svc.deliveries.launch(id, vehicle, OLGA, (p) => steps.push(p.step)).then(() => undefined, (x: unknown) => x);
    expect(e instanceof CodedError && e.code, String(e)).toBe('MISSION_UNSAFE');
    expect((e as Error).message).toMatch(/enters HH-TVT \(OBSTACLE-CLEARANCE\)/);
    expect(steps).not.toContain('upload-mission');
    const rec = await svc.store.getDelivery(id);
    expect(rec?.state).toBe('planned');
    expect(rec?.transitions.at(-1)?.cause).toMatch(/launch failed: MISSION_UNSAFE: .*Heinrich-Hertz-Turm/);
    expect(vehicle.session.state.armed).toBe(false);
    expect(vehicle.session.state.mission?.missionId ?? 0).toBe(0);
    expect(await svc.store.listAudit({ action: 'delivery.obstacle-clearance' })).toEqual([]);
  }, 60_000);

  it('with the structure\'s id among the consents: audited before the upload, then launched', async () => {
    const id = await storeUnawareDelivery(['HHA01', 'HH-TVT']);
    const vehicle = svc.fleet.vehicle('sim/1')!;
    let auditedBeforeUpload: boolean | undefined;
    const launched = svc.deliveries.launch(id, vehicle, OLGA, (p) => {
      if (p.step === 'upload-mission' && auditedBeforeUpload === undefined) {
        auditedBeforeUpload = false;
        void svc.store.listAudit({ action: 'delivery.obstacle-clearance' }).then((a) => { auditedBeforeUpload = a.length > 0; });
      }
    });
    const rec = await launched;
    expect(rec.state).toBe('in_flight');
    const audit = await svc.store.listAudit({ action: 'delivery.obstacle-clearance' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { name: 'olga' }, result: 'ok', params: { deliveryId: id, vehicle: 'sim/1', obstacles: [expect.objectContaining({ obstacleId: 'HH-TVT' })] } });
    await waitFor('the audit read during the upload', async () => (auditedBeforeUpload === undefined || auditedBeforeUpload === false ? undefined : true), 5_000).catch(() => undefined);
    expect(auditedBeforeUpload).toBe(true);
    await svc.deliveries.abort(id, 'land', OLGA);
  }, 90_000);
});
