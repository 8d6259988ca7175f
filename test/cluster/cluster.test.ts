/**
 * Three elbflug instances (child processes) sharing one PostgreSQL schema and one nats-server,
 * three vehicle links (one preferred by each instance), simulated PX4s in their own process.
 *   1. every instance's websocket clients see every vehicle, and the same per-vehicle sequence of
 *      alert and delivery events, for deliveries launched through instances that do NOT own the
 *      vehicle (the launch is forwarded to the owner over NATS request/reply);
 *   2. failover mid-flight, twice in one flight: the owner of a flying delivery's link is killed
 *      (SIGKILL), another instance takes the link over (same UDP port), monitoring resumes and the
 *      delivery reaches `delivered`, with every transition exactly once and no alert duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL } from '../store/postgres-env.js';
import { PostgresStore } from '../../src/store/index.js';
import { ClusterRig, clusterSkipReason, ownerOf, until, type Instance } from './rig.js';
import { collect, type Collector } from './ws-collector.js';

const HOME = { lat: 53.57, lon: 9.99 };
const TO = { lat: 53.576, lon: 9.999 };
const LINKS = ['la', 'lb', 'lc'];
// la's second vehicle flies the failover test; one vehicle on the other links is enough.
const PER_LINK = [2, 1, 1];

describe.skipIf(clusterSkipReason !== undefined)('cluster: three instances, PostgreSQL, NATS', () => {
  let rig: ClusterRig;
  const inst: Instance[] = [];
  const vehicleIds: string[] = [];
  beforeAll(async () => {
    rig = await ClusterRig.create(LINKS);
    console.log(`cluster rig: every process's output in ${rig.dir}`);
    rig.startVehicles(PER_LINK, { speed: 8, home: HOME });
    let sysid = 1;
    PER_LINK.forEach((n, i) => {
      for (let k = 0; k < n; k++) vehicleIds.push(`${LINKS[i]}/${sysid++}`);
    });
    // Together: one migrates (advisory lock), the others find the schema current.
    inst.push(...(await Promise.all(['a', 'b', 'c'].map((name, k) => rig.startInstance(name, [LINKS[k]!])))));
  }, 300_000);
  afterAll(async () => rig?.close());

  const vehiclesOf = async (i: Instance) => (await (await i.api('/vehicles')).json()) as { id: string; systemStatus?: string; position?: unknown }[];
  const readyEverywhere = () =>
    until('every vehicle ready on its owner', async () => {
      rig.assertNoneDied();
      const all = (await Promise.all(inst.filter((i) => i.child.exitCode === null && i.child.signalCode === null).map(vehiclesOf))).flat();
      return vehicleIds.every((id) => all.some((v) => v.id === id && v.systemStatus === 'STANDBY' && v.position !== undefined)) ? true : undefined;
    }, 120_000);
  const createDelivery = async (via: Instance) => ((await (await via.api('/deliveries', { method: 'POST', body: JSON.stringify({ from: HOME, to: TO }) })).json()) as { id: string }).id;
  const delivery = async (via: Instance, id: string) => (await (await via.api(`/deliveries/${id}`)).json()) as { state: string; vehicleId: string; transitions: { from: string | null; to: string }[] };

  it('every instance sees every vehicle and the same per-vehicle events; launches reach the owner from any instance', async () => {
    await readyEverywhere();
    const ws: Collector[] = await Promise.all(inst.map((i) => collect(i.url)));
    // Launch on each link's first vehicle through an instance that does not own the link.
    // One after another: three concurrent uploads on a starved 2-core machine time out.
    const launches: { id: string; vehicle: string }[] = [];
    for (const [k, link] of LINKS.entries()) {
      launches.push(
        await (async () => {
        const owner = (await ownerOf(inst, link))!;
        const others = inst.filter((i) => i !== owner);
        const via = others[k % others.length]!;
        const id = await createDelivery(via);
        const vehicle = vehicleIds.find((v) => v.startsWith(`${link}/`))!;
        const r = await via.api(`/deliveries/${id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle }) });
        if (r.status !== 200) rig.assertNoneDied(); // a crashed owner says why, not just "did not answer"
        expect(r.status, await r.clone().text()).toBe(200);
        expect(r.headers.get('x-elbflug-owner')).toBe(owner.name);
        return { id, vehicle };
        })(),
      );
    }
    for (const l of launches) {
      let last: unknown;
      const done = await until(`${l.id} delivered`, async () => {
        rig.assertNoneDied();
        const d = await delivery(inst[0]!, l.id);
        last = d;
        return d.state === 'delivered' ? d : undefined;
      }, 240_000, 500).catch(async (e: Error) => {
        // Say why: the delivery's transitions (with causes) and its alerts.
        const alerts = await (await inst[0]!.api(`/alerts?limit=1000`)).json().catch(() => []);
        throw new Error(`${e.message}; last seen: ${JSON.stringify(last)}; alerts: ${JSON.stringify((alerts as { deliveryId?: string }[]).filter((a) => a.deliveryId === l.id))}; logs in ${rig.dir}`);
      });
      expect(done.transitions.map((t) => t.to)).toEqual(['planned', 'uploading', 'ready', 'in_flight', 'delivered']);
    }
    await new Promise((r) => setTimeout(r, 1_000)); // the last events in flight on the bus
    for (const c of ws) {
      expect([...c.telemetry].sort()).toEqual([...vehicleIds].sort());
      expect(c.outOfOrder).toEqual([]);
    }
    for (const l of launches) {
      const seq0 = ws[0]!.events.get(l.vehicle) ?? [];
      expect(seq0.some((e) => e.includes('"state":"delivered"'))).toBe(true);
      for (const c of ws.slice(1)) expect(c.events.get(l.vehicle)).toEqual(seq0);
    }
    // Each launch was audited once (by the owner that ran it), under the operator's name.
    const store = await PostgresStore.open({ url: PG_URL!, schema: rig.schema });
    const audit = await store.listAudit({ action: 'delivery.launch' });
    await store.close();
    expect(audit.map((a) => [a.actor.name, a.result, (a.params as { id?: string } | null)?.id]).sort()).toEqual(launches.map((l) => ['olga', 'ok', l.id]).sort());
    ws.forEach((c) => c.close());
  }, 900_000);

  it('failover mid-flight, twice: another instance takes the link, the delivery reaches delivered, nothing lost or doubled', async () => {
    await readyEverywhere();
    const link = 'la';
    // The link's second vehicle: the first one flew test 1's delivery and stands at its destination.
    const vehicle = vehicleIds.filter((v) => v.startsWith(`${link}/`)).at(-1)!;
    const ws = new Map<string, Collector>();
    for (const i of inst) if (i.child.exitCode === null && i.child.signalCode === null) ws.set(i.name, await collect(i.url));
    const killed = new Set<string>();
    const live = () => inst.find((i) => i.child.exitCode === null && i.child.signalCode === null)!;
    const id = await createDelivery(inst[1]!);
    const r = await inst[1]!.api(`/deliveries/${id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle }) });
    expect(r.status, await r.clone().text()).toBe(200);
    const failovers: number[] = [];
    for (let round = 0; round < 2; round++) {
      if (round === 0) await until('in the air', async () => ((await delivery(live(), id)).state === 'in_flight' ? true : undefined), 60_000);
      const owner = (await ownerOf(inst, link))!;
      const killedAt = Date.now();
      await rig.kill(owner);
      killed.add(owner.name);
      const next = await until('another owner serving the vehicle', async () => {
        const o = await ownerOf(inst, link);
        return o && (await vehiclesOf(o)).some((x) => x.id === vehicle) ? o : undefined;
      }, 20_000, 100);
      failovers.push(Date.now() - killedAt);
      expect(next.name).not.toBe(owner.name);
      // The next round kills the new owner at once: the last instance takes the link over.
      if ((await delivery(live(), id)).state !== 'in_flight') break;
    }
    expect(failovers.length).toBeGreaterThanOrEqual(1);
    console.log(`failover times (kill → vehicle served by another instance): ${failovers.map((t) => `${t} ms`).join(', ')}`);
    const done = await until('delivered after the failovers', async () => {
      rig.assertNoneDied();
      const d = await delivery(live(), id);
      return d.state === 'in_flight' ? undefined : d;
    }, 90_000, 500);
    expect(done.state).toBe('delivered');
    expect(done.transitions.map((t) => t.to)).toEqual(['planned', 'uploading', 'ready', 'in_flight', 'delivered']);
    // No alert raised twice for one open condition.
    const alerts = (await (await live().api(`/alerts?limit=1000`)).json()) as { code: string; deliveryId?: string; clearedAt: string | null }[];
    const open = alerts.filter((a) => a.deliveryId === id && a.clearedAt === null).map((a) => a.code);
    expect(open.filter((c, i) => open.indexOf(c) !== i)).toEqual([]);
    // A client of an instance that was never killed saw each of the delivery's states once, in order.
    await new Promise((res) => setTimeout(res, 1_000));
    const watcher = [...ws.entries()].find(([name]) => !killed.has(name))![1];
    const states = (watcher.events.get(vehicle) ?? []).map((e) => JSON.parse(e) as { type: string; id?: string; state?: string; progress?: unknown }).filter((e) => e.type === 'delivery' && e.id === id && !e.progress).map((e) => e.state);
    expect(states).toEqual(['uploading', 'ready', 'in_flight', 'delivered']);
    ws.forEach((c) => c.close());
  }, 600_000);
});
