/**
 * The flight `npm start` flies so a newcomer sees a delivery on the map without doing anything:
 * from the simulator's home (default the Rathaus, inside zone HHG01 — the demo attaches the consent
 * a real operator would have to hold, and the audit log records it) to HafenCity Universität.
 */
import type { FleetVehicle } from '../fleet/fleet.js';
import type { PlanRequest } from '../planner/types.js';
import type { RunningService } from '../service.js';

export const DEMO_DESTINATION = { name: 'HafenCity Universität (Baakenhafen)', lat: 53.5406, lon: 10.0052 };

async function readyVehicle(svc: RunningService): Promise<FleetVehicle> {
  for (;;) {
    // PX4 reports STANDBY once its preflight checks pass; position and battery come a little earlier.
    const v = svc.fleet.vehicles().find((x) => {
      const s = x.session.state;
      return x.link === 'sim' && s.systemStatus === 'STANDBY' && s.gps?.fixType === '3D_FIX' && s.position !== undefined && s.battery !== undefined;
    });
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Plan, store and launch the demo delivery; reports each step through `log`. */
export async function flyDemoDelivery(svc: RunningService, log: (line: string) => void): Promise<string | undefined> {
  const v = await readyVehicle(svc);
  const home = svc.config.simulator.home;
  const actor = { name: 'demo', role: 'operator' };
  const base: PlanRequest = { from: { lat: home.lat, lon: home.lon }, to: DEMO_DESTINATION, vehicle: svc.vehicleProfiles[0]!, profile: { ...svc.profile, departureTime: new Date().toISOString() }, mode: 'land' };
  const first = svc.deliveries.plan(base).result;
  const startZone = !first.ok && first.refusal.code === 'START_IN_ZONE' ? first.refusal.zoneId : undefined;
  const request = startZone ? { ...base, profile: { ...base.profile, consents: [...base.profile.consents, { zoneId: startZone, note: 'demo' }] } } : base;
  if (startZone) log(`demo: the start lies in zone ${startZone}; the demo uses a consent for it (recorded in the audit log)`);
  const created = await svc.deliveries.create(request, actor);
  if (!created.ok) {
    log(`demo: no delivery flown: ${created.refusal.code}: ${created.refusal.message}`);
    return undefined;
  }
  await svc.store.appendAudit({ actor, action: 'delivery.create', params: { id: created.delivery.id, consents: request.profile.consents.map((c) => c.zoneId) }, result: 'ok' });
  log(`demo: delivery ${created.delivery.id} planned to ${DEMO_DESTINATION.name}; launching on ${v.id}`);
  await svc.deliveries.launch(created.delivery.id, v, actor);
  log(`demo: ${v.id} is flying the delivery; watch it on the map`);
  return created.delivery.id;
}
