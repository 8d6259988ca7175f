/** Steps the cluster tests share: REST calls to an instance and the checks made after each flight. */
import { expect } from 'vitest';
import { Fatal, until, type ClusterRig, type Instance } from './rig.js';
import type { Collector } from './ws-collector.js';

export interface Place {
  lat: number;
  lon: number;
}
export interface DeliveryView {
  id: string;
  state: string;
  vehicleId: string;
  transitions: { from: string | null; to: string; at: string }[];
  plan: { deconfliction?: { kind: string; conflicts: { deliveryId: string }[] } } | null;
}
export interface AlertView {
  code: string;
  deliveryId?: string;
  vehicleId?: string | null;
  clearedAt: string | null;
}

export const alive = (i: Instance): boolean => i.child.exitCode === null && i.child.signalCode === null;

export const vehiclesOf = async (i: Instance) => (await (await i.api('/vehicles')).json()) as { id: string; systemStatus?: string; position?: unknown }[];

export async function createDelivery(via: Instance, from: Place, to: Place, departAt?: string): Promise<DeliveryView> {
  const r = await via.api('/deliveries', { method: 'POST', body: JSON.stringify({ from, to, ...(departAt ? { departAt } : {}) }) });
  const body = (await r.json()) as DeliveryView;
  if (r.status !== 201) throw new Error(`creating a delivery through ${via.name}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

export const delivery = async (via: Instance, id: string) => (await (await via.api(`/deliveries/${id}`)).json()) as DeliveryView;

export async function launch(rig: ClusterRig, via: Instance, id: string, vehicle: string): Promise<Response> {
  const r = await via.api(`/deliveries/${id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle }) });
  if (r.status !== 200) rig.assertNoneDied(); // a crashed owner says why, not just "did not answer"
  expect(r.status, await r.clone().text()).toBe(200);
  return r;
}

/** Waits until the delivery left `in_flight` (or the earlier states) and says why when it does not. */
export async function finished(rig: ClusterRig, inst: readonly Instance[], id: string, ms = 240_000): Promise<DeliveryView> {
  let last: unknown;
  const live = () => inst.find(alive)!;
  return until(`${id} finished`, async () => {
    rig.assertNoneDied();
    const d = await delivery(live(), id);
    last = d;
    return ['delivered', 'failed', 'aborted', 'returned'].includes(d.state) ? d : undefined;
  }, ms, 500).catch(async (e: Error) => {
    if (e instanceof Fatal) throw e;
    const alerts = (await (await live().api(`/alerts?limit=1000`)).json().catch(() => [])) as AlertView[];
    throw new Error(`${e.message}; last seen: ${JSON.stringify(last)}; alerts: ${JSON.stringify(alerts.filter((a) => a.deliveryId === id))}; logs in ${rig.dir}`);
  });
}

export const FLOWN = ['planned', 'uploading', 'ready', 'in_flight', 'delivered'];

/** The delivery reached delivered with every transition once, and no alert is open twice for it. */
export async function deliveredOnce(via: Instance, d: DeliveryView): Promise<void> {
  expect(d.state).toBe('delivered');
  expect(d.transitions.map((t) => t.to)).toEqual(FLOWN);
  const alerts = (await (await via.api(`/alerts?limit=1000`)).json()) as AlertView[];
  const open = alerts.filter((a) => a.deliveryId === d.id && a.clearedAt === null).map((a) => a.code);
  expect(open.filter((c, i) => open.indexOf(c) !== i)).toEqual([]);
}

/** The delivery states one websocket client saw for a delivery (launch progress left out). */
export function statesSeen(c: Collector, vehicle: string, id: string): string[] {
  return (c.events.get(vehicle) ?? [])
    .map((e) => JSON.parse(e) as { type: string; id?: string; state?: string; progress?: unknown })
    .filter((e) => e.type === 'delivery' && e.id === id && !e.progress)
    .map((e) => e.state!);
}

/** GET /api/ready of an instance: its status and which checks failed. */
export async function readiness(i: Instance): Promise<{ status: number; failing: string[] }> {
  const r = await fetch(`${i.url}/api/ready`);
  const body = (await r.json()) as { checks: { name: string; ok: boolean }[] };
  return { status: r.status, failing: body.checks.filter((c) => !c.ok).map((c) => c.name) };
}
