/**
 * The launch's airspace check judges the mission at the time it is launched (session 7, redteam).
 * It judged it at the planned departure: a delivery planned for a time when a prohibited zone was
 * not active, launched once it was, flew straight through the zone — the check before upload
 * passed because it looked at the planned hour. Real service, real UDP, embedded simulator.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, testConfig, waitFor } from './rig.js';

const H2 = { from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, consents: ['HHH01', 'HHH02'] };
const HOUR = 3_600_000;
const activeFrom = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString(); // active since an hour or so
const departAt = new Date(Date.parse(activeFrom) - 2 * HOUR).toISOString(); // planned for before that
// a prohibited circle on the straight H2 line (UKE → St. Georg), active only from `activeFrom`
const zone = {
  identifier: 'TST97', country: 'DEU', name: 'closure from today', type: 'CUSTOMIZED', restriction: 'PROHIBITED', reason: ['EMERGENCY'], zoneAuthority: [{ name: 'police (test)' }],
  applicability: [{ permanent: 'NO', startDateTime: activeFrom }],
  geometry: [{ uomDimensions: 'M', lowerLimit: 0, lowerVerticalReference: 'AGL', upperLimit: 300, upperVerticalReference: 'AGL', horizontalProjection: { type: 'Circle', center: [9.9974, 53.5753], radius: 250 } }],
};
const dir = mkdtempSync(join(tmpdir(), 'elbflug-launch-time-'));
const hamburg = JSON.parse(readFileSync(join(import.meta.dirname, '../../missions/airspace/hamburg.ed269.json'), 'utf8')) as { features: unknown[] };
const airspace = join(dir, 'airspace.json');
writeFileSync(airspace, JSON.stringify({ ...hamburg, features: [...hamburg.features, zone] }));

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(testConfig({ airspace: { file: airspace }, simulator: { enabled: true, vehicles: 1, speed: 30, home: { ...H2.from, altAmslM: 10 } } }));
}, 60_000);
afterAll(async () => {
  await svc?.close();
});

describe('launch-time airspace check', () => {
  it('a delivery planned for before a zone became active is refused MISSION_UNSAFE at launch, nothing uploaded', async () => {
    const created = await svc.api('/deliveries', { method: 'POST', body: JSON.stringify({ ...H2, departAt }) });
    expect(created.status).toBe(201);
    const d = (await created.json()) as { id: string; plan: { route: { zones: { zoneId: string }[] } } };
    // planned for its hour, the route goes straight through TST97 (not active then)
    const v = svc.fleet.vehicle('sim/1')!;
    await waitFor('sim/1 ready', async () => (v.session.state.systemStatus === 'STANDBY' && v.session.state.position ? true : undefined), 20_000);
    const r = await svc.api(`/deliveries/${d.id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle: 'sim/1' }) });
    const body = (await r.json()) as { code?: string; message?: string };
    expect([r.status, body.code]).toEqual([422, 'MISSION_UNSAFE']);
    expect(body.message).toMatch(/TST97/);
    expect(v.session.state.armed).toBe(false);
    expect((await svc.store.getDelivery(d.id))?.state).toBe('planned');
  }, 60_000);

  it('the same plan launched now that it is planned for now goes around the zone (control)', async () => {
    const created = await svc.api('/deliveries', { method: 'POST', body: JSON.stringify(H2) });
    expect(created.status).toBe(201);
    const d = (await created.json()) as { plan: { route: { zones: { zoneId: string; verdict: { kind: string } }[] } } };
    expect(d.plan.route.zones.filter((z) => z.zoneId === 'TST97' && z.verdict.kind === 'obstacle')).toEqual([]);
  });
});
