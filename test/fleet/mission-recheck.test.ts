/**
 * A manual mission start from the ground re-checks the approved mission against the zones active
 * now (session 7, redteam; src/fleet/mission-recheck.ts). Approvals last: an operator could arm a
 * vehicle that came back and start the same mission days later through a zone that became active
 * since. Real planner, real mission builder, a real SQLite store; the vehicle is its state snapshot
 * (what the check reads), and "now" is given — the test needs a zone that is inactive at the first
 * flight and active at the restart without waiting for a wall clock.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import { MissionApprovals } from '../../src/fleet/approvals.js';
import type { FleetVehicle } from '../../src/fleet/fleet.js';
import { assertApprovedMissionSafeNow } from '../../src/fleet/mission-recheck.js';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import { planRoute } from '../../src/planner/plan-route.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { JsonValue } from '../../src/store/store.js';
import { profile, REPO, vehicle } from '../planner/helpers.js';

const ACTIVE_FROM = '2026-12-24T12:00:00Z';
const HOUR = 3_600_000;
const closure = {
  identifier: 'TST96', country: 'DEU', name: 'closure', type: 'CUSTOMIZED', restriction: 'PROHIBITED', reason: ['EMERGENCY'], zoneAuthority: [{ name: 'police (test)' }],
  applicability: [{ permanent: 'NO', startDateTime: ACTIVE_FROM }],
  geometry: [{ uomDimensions: 'M', lowerLimit: 0, lowerVerticalReference: 'AGL', upperLimit: 300, upperVerticalReference: 'AGL', horizontalProjection: { type: 'Circle', center: [9.9974, 53.5753], radius: 250 } }],
};
const hamburg = JSON.parse(readFileSync(`${REPO}missions/airspace/hamburg.ed269.json`, 'utf8')) as { features: unknown[] };
const index = createAirspaceIndex(importEd269({ ...hamburg, features: [...hamburg.features, closure] }).zones);
const UKE = { lat: 53.5914, lon: 9.9767 };
// planned (and launched) three hours before the closure: the straight H2 line crosses TST96
const departAt = new Date(Date.parse(ACTIVE_FROM) - 3 * HOUR).toISOString();
const planned = planRoute({ from: UKE, to: { lat: 53.5592, lon: 10.0181 }, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents: [{ zoneId: 'HHH01' }, { zoneId: 'HHH02' }], departureTime: departAt }), mode: 'land', departAt }, { index });
if (!planned.ok) throw new Error(planned.refusal.message);
const route = planned.route;
const plan = buildDeliveryPlan(route, { index, homeAmslM: 10 });
const store = SqliteStore.open({ dataDir: mkdtempSync(join(tmpdir(), 'elbflug-recheck-')) });
afterAll(() => store.close());

const OPAQUE = 0x5eed;
async function setup(): Promise<{ approvals: MissionApprovals; deliveryId: string }> {
  const d = await store.createDelivery({ request: {} as JsonValue, plan: { route, plan } as unknown as JsonValue, cause: 'test' });
  const approvals = new MissionApprovals();
  await approvals.approve(OPAQUE, { deliveryId: d.id, approvedBy: 'olga', atMs: Date.parse(departAt) });
  return { approvals, deliveryId: d.id };
}
const onBoard = (landedState: string, missionId = OPAQUE): FleetVehicle =>
  ({ id: 'sim/1', session: { state: { landedState, mission: { missionId }, position: { ...UKE, altAmslM: 10, relAltM: 0 } } } }) as unknown as FleetVehicle;
const at = (iso: string, hours: number) => () => Date.parse(iso) + hours * HOUR;

describe('manual mission start: the approved mission against the zones active now', () => {
  it('the route as planned crosses TST96 (inactive then)', () => {
    expect(route.zones.map((z) => z.zoneId)).toContain('TST96');
  });

  it('before the closure: allowed', async () => {
    const { approvals } = await setup();
    await expect(assertApprovedMissionSafeNow({ approvals, store, index, nowMs: at(ACTIVE_FROM, -2) }, onBoard('ON_GROUND'))).resolves.toBeUndefined();
  });

  it('after it, from the ground: MISSION_UNSAFE naming TST96', async () => {
    const { approvals } = await setup();
    await expect(assertApprovedMissionSafeNow({ approvals, store, index, nowMs: at(ACTIVE_FROM, 1) }, onBoard('ON_GROUND'))).rejects.toMatchObject({ code: 'MISSION_UNSAFE', message: expect.stringMatching(/TST96/) });
  });

  it('in the air a start resumes the launched flight: not re-judged; an unknown landed state is judged', async () => {
    const { approvals } = await setup();
    await expect(assertApprovedMissionSafeNow({ approvals, store, index, nowMs: at(ACTIVE_FROM, 1) }, onBoard('UNDEFINED'))).rejects.toMatchObject({ code: 'MISSION_UNSAFE' });
    await expect(assertApprovedMissionSafeNow({ approvals, store, index, nowMs: at(ACTIVE_FROM, 1) }, onBoard('IN_AIR'))).resolves.toBeUndefined();
  });

  it('a mission elbflug did not approve is left to the approval check; an approval whose plan is gone is refused', async () => {
    const { approvals } = await setup();
    await expect(assertApprovedMissionSafeNow({ approvals, store, index, nowMs: at(ACTIVE_FROM, 1) }, onBoard('ON_GROUND', 42))).resolves.toBeUndefined();
    await approvals.approve(7, { deliveryId: 'gone', approvedBy: 'olga', atMs: 0 });
    await expect(assertApprovedMissionSafeNow({ approvals, store, index, nowMs: at(ACTIVE_FROM, 1) }, onBoard('ON_GROUND', 7))).rejects.toMatchObject({ code: 'MISSION_NOT_VALIDATED' });
  });
});
