/**
 * Launch without a named vehicle: choose one (dispatch.ts), write the choice and its reasons to the
 * audit log, then launch as usual. A vehicle flying or launching another delivery is busy.
 */
import type { Store } from '../store/store.js';
import { DeconflictError } from '../deconflict/errors.js';
import type { Actor, DeliveryService, StoredPlan } from './deliveries.js';
import { chooseVehicle, type DispatchChoice } from './dispatch.js';
import { FleetError } from './errors.js';
import type { Fleet } from './fleet.js';

export interface DispatchDeps {
  service: DeliveryService;
  fleet: Fleet;
  store: Store;
}

/** Vehicle id → the delivery it is busy with (launching, ready, flying; a drop-and-return until it is back). */
async function busyVehicles(store: Store): Promise<Map<string, string>> {
  const busy = new Map<string, string>();
  for (const s of await store.listDeliveries({ state: ['uploading', 'ready', 'in_flight', 'delivered'], limit: 1000 })) {
    const mode = (s.request as { mode?: string } | null)?.mode;
    if (s.state === 'delivered' && mode !== 'drop-and-return') continue;
    if (s.vehicleId) busy.set(s.vehicleId, s.id);
  }
  return busy;
}

/**
 * @example const { delivery, dispatch } = await launchWithDispatch(deps, id, principal); dispatch.reason
 * @throws DeconflictError NO_VEHICLE_AVAILABLE with every vehicle's reasons
 */
export async function launchWithDispatch(d: DispatchDeps, id: string, actor: Actor): Promise<{ dispatch: Pick<DispatchChoice, 'vehicleId' | 'reason' | 'rejected'> } & Awaited<ReturnType<DeliveryService['launch']>>> {
  const rec = await d.store.getDelivery(id);
  if (!rec) throw new FleetError('DELIVERY_UNKNOWN', `no delivery ${id}; GET /api/deliveries lists them`, { id });
  const route = (rec.plan as unknown as StoredPlan).route;
  const busy = await busyVehicles(d.store);
  const choice = chooseVehicle(
    d.fleet.vehicles().map((v) => ({ id: v.id, state: v.session.state, nowMs: v.clock.now(), ...(busy.has(v.id) ? { busyWith: busy.get(v.id)! } : {}) })),
    route,
  );
  const vehicle = choice.vehicleId ? d.fleet.vehicle(choice.vehicleId) : undefined;
  await d.store.appendAudit({
    actor,
    action: 'delivery.dispatch',
    params: { deliveryId: id, chosen: choice.vehicleId ?? null, reason: choice.reason, rejected: choice.rejected.map((r) => ({ vehicleId: r.vehicleId, reasons: r.reasons })) },
    result: vehicle ? 'ok' : 'error',
    error: vehicle ? null : { code: 'NO_VEHICLE_AVAILABLE', message: choice.reason },
    at: new Date().toISOString(),
  });
  if (!vehicle) throw new DeconflictError('NO_VEHICLE_AVAILABLE', `${choice.reason}; charge or move a vehicle to the start, or name one`, { rejected: choice.rejected });
  const launched = await d.service.launch(id, vehicle, actor);
  return { ...launched, dispatch: { vehicleId: choice.vehicleId, reason: choice.reason, rejected: choice.rejected } };
}
