/**
 * The Store contract: every method, filters, limits, JSON round trips, typed errors for bad input.
 * Implementation-independent: a PostgreSQL store runs the same suite with its own factory.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError, type Store, type StoreErrorCode } from '../../src/store/index.js';

export const T0 = Date.parse('2026-05-04T08:00:00Z');
export const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

export async function rejects(p: Promise<unknown>, code: StoreErrorCode, message?: RegExp): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isStoreError(e, code), `expected ${code}, got ${String(e)}`).toBe(true);
  if (message) expect((e as Error).message).toMatch(message);
}

export const request = { from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, vehicle: 'quad-5kg', departAt: '2026-05-04T08:00:00Z' };
const plan = { route: { distanceM: 4490.5, legs: [{ kind: 'climb' }] }, missionItems: [{ seq: 0, command: 22, params: [0, 0, 0, NaN, 535914000, 99767000, 60] }] };

/** An empty store whose clock starts at T0 and advances 1 s per stamped write (first record at iso(1)). */
export type StoreFactory = (now: () => Date) => Promise<{ store: Store; dispose: () => Promise<void> }>;

/** Registers the contract suites for one implementation. */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name}: Store contract`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      let clockMs = T0;
      ({ store, dispose } = await factory(() => new Date((clockMs += 1000))));
    });
    afterEach(async () => {
      await store.close();
      await dispose();
    });
    type S = Store;

    describe('deliveries', () => {
      it('create → get returns the plan exactly (NaN kept) and the first transition', async () => {
        const d = await store.createDelivery({ id: 'D-1', request, plan, vehicleId: 'sim/1', vehicleSysid: 1, cause: 'operator anna planned it' });
        expect(d).toMatchObject({ id: 'D-1', state: 'planned', vehicleId: 'sim/1', vehicleSysid: 1, createdAt: iso(1), updatedAt: iso(1), request });
        expect(d.transitions).toEqual([{ from: null, to: 'planned', at: iso(1), cause: 'operator anna planned it' }]);
        expect(await store.getDelivery('D-1')).toStrictEqual(d);
        expect(Number.isNaN((d.plan as typeof plan).missionItems[0]!.params[3])).toBe(true);
        expect(d.plan).toEqual(plan);
      });
      it('defaults: random id, null plan and vehicle, cause "created"', async () => {
        const d = await store.createDelivery({ request: {} });
        expect(d.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(d).toMatchObject({ plan: null, vehicleId: null, vehicleSysid: null });
        expect(d.transitions[0]!.cause).toBe('created');
      });
      it('walks the whole lifecycle, storing each transition with time and cause', async () => {
        await store.createDelivery({ id: 'D-1', request, plan });
        await store.transitionDelivery('D-1', { to: 'uploading', cause: 'launch by anna', vehicleId: 'sim/2', vehicleSysid: 2 });
        await store.transitionDelivery('D-1', { to: 'ready', cause: 'mission, fence, rally verified', expectedFrom: 'uploading' });
        await store.transitionDelivery('D-1', { to: 'in_flight', cause: 'armed, mission started', at: '2026-05-04T10:00:00+02:00' });
        await store.transitionDelivery('D-1', { to: 'delivered', cause: 'payload released' });
        const d = await store.transitionDelivery('D-1', { to: 'returned', cause: 'landed at home' });
        expect(d.state).toBe('returned');
        expect(d.vehicleSysid).toBe(2);
        expect(d.transitions.map((t) => [t.from, t.to])).toEqual([
          [null, 'planned'],
          ['planned', 'uploading'],
          ['uploading', 'ready'],
          ['ready', 'in_flight'],
          ['in_flight', 'delivered'],
          ['delivered', 'returned'],
        ]);
        expect(d.transitions[3]!.at).toBe('2026-05-04T08:00:00.000Z'); // normalised to UTC
        expect(d.updatedAt).toBe(d.transitions[5]!.at);
      });
      it('a transition can replace the plan and clear the vehicle', async () => {
        await store.createDelivery({ id: 'D-1', request, plan, vehicleSysid: 1 });
        const d = await store.transitionDelivery('D-1', { to: 'uploading', cause: 'c', plan: { v: 2 }, vehicleSysid: null });
        expect(d.plan).toEqual({ v: 2 });
        expect(d.vehicleSysid).toBeNull();
      });
      it('invalid transitions are refused with a typed error and change nothing', async () => {
        await store.createDelivery({ id: 'D-1', request });
        await rejects(store.transitionDelivery('D-1', { to: 'in_flight', cause: 'x' }), 'DELIVERY_TRANSITION_INVALID', /planned; it cannot go to in_flight/);
        await rejects(store.transitionDelivery('D-1', { to: 'aborted', cause: 'x', expectedFrom: 'ready' }), 'DELIVERY_TRANSITION_INVALID', /is planned, not ready as expected/);
        await store.transitionDelivery('D-1', { to: 'aborted', cause: 'cancelled' });
        await rejects(store.transitionDelivery('D-1', { to: 'uploading', cause: 'x' }), 'DELIVERY_TRANSITION_INVALID', /final/);
        expect((await store.getDelivery('D-1'))!.transitions).toHaveLength(2);
      });
      it('unknown ids: get → undefined, transition → STORE_NOT_FOUND; duplicate id → STORE_DUPLICATE', async () => {
        expect(await store.getDelivery('nope')).toBeUndefined();
        await rejects(store.transitionDelivery('nope', { to: 'uploading', cause: 'x' }), 'STORE_NOT_FOUND', /delivery nope does not exist/);
        await store.createDelivery({ id: 'D-1', request });
        await rejects(store.createDelivery({ id: 'D-1', request }), 'STORE_DUPLICATE', /already exists/);
      });
      it('lists newest first with filters, limit and offset; summaries carry no plan', async () => {
        for (let k = 1; k <= 6; k++) await store.createDelivery({ id: `D-${k}`, request: { k }, vehicleId: `sim/${k % 2}`, vehicleSysid: k % 2 });
        await store.transitionDelivery('D-2', { to: 'uploading', cause: 'c' });
        await store.transitionDelivery('D-3', { to: 'aborted', cause: 'c' });
        const ids = async (f: Parameters<S['listDeliveries']>[0]) => (await store.listDeliveries(f)).map((d) => d.id);
        expect(await ids({})).toEqual(['D-6', 'D-5', 'D-4', 'D-3', 'D-2', 'D-1']);
        expect(await ids({ state: 'planned' })).toEqual(['D-6', 'D-5', 'D-4', 'D-1']);
        expect(await ids({ state: ['uploading', 'aborted'] })).toEqual(['D-3', 'D-2']);
        expect(await ids({ vehicleSysid: 1 })).toEqual(['D-5', 'D-3', 'D-1']);
        expect(await ids({ vehicleId: 'sim/0' })).toEqual(['D-6', 'D-4', 'D-2']);
        expect(await ids({ since: iso(2), until: iso(4) })).toEqual(['D-3', 'D-2']);
        expect(await ids({ limit: 2, offset: 1 })).toEqual(['D-5', 'D-4']);
        const [first] = await store.listDeliveries({ limit: 1 });
        expect(first).not.toHaveProperty('plan');
        expect(first).not.toHaveProperty('transitions');
        expect(first!.request).toEqual({ k: 6 });
      });
    });

    describe('flights and tracks', () => {
      it('start, append track in batches, thin it, end (idempotent)', async () => {
        await store.createDelivery({ id: 'D-1', request });
        const f = await store.startFlight({ id: 'F-1', deliveryId: 'D-1', vehicleId: 'sim/1', vehicleSysid: 1, tlogPath: 'data/sim-1.tlog' });
        expect(f).toMatchObject({ id: 'F-1', deliveryId: 'D-1', endedAt: null, tlogPath: 'data/sim-1.tlog', trackPoints: 0 });
        const pts = Array.from({ length: 101 }, (_, k) => ({ at: iso(10 + k), lat: 53.59 - k * 1e-4, lon: 9.97 + k * 1e-4, altAmslM: 10 + k / 2, relAltM: k / 2 }));
        await store.appendTrack('F-1', pts.slice(0, 60));
        await store.appendTrack('F-1', pts.slice(60));
        await store.appendTrack('F-1', []);
        expect(await store.getTrack('F-1')).toEqual(pts);
        const thin = await store.getTrack('F-1', { maxPoints: 11 });
        expect(thin).toHaveLength(11);
        expect(thin[0]).toEqual(pts[0]);
        expect(thin[10]).toEqual(pts[100]);
        expect(thin[5]).toEqual(pts[50]);
        const ended = await store.endFlight('F-1', '2026-05-04T09:00:00Z');
        expect(ended).toMatchObject({ endedAt: '2026-05-04T09:00:00.000Z', trackPoints: 101 });
        expect((await store.endFlight('F-1')).endedAt).toBe('2026-05-04T09:00:00.000Z');
        expect(await store.getFlight('F-1')).toEqual(ended);
      });
      it('list filters: delivery, vehicle, active', async () => {
        await store.createDelivery({ id: 'D-1', request });
        await store.startFlight({ id: 'F-1', deliveryId: 'D-1', vehicleSysid: 1 });
        await store.startFlight({ id: 'F-2', vehicleSysid: 2, vehicleId: 'radio/2' });
        await store.startFlight({ id: 'F-3', deliveryId: 'D-1', vehicleSysid: 1 });
        await store.endFlight('F-1');
        const ids = async (f: Parameters<S['listFlights']>[0]) => (await store.listFlights(f)).map((x) => x.id);
        expect(await ids({})).toEqual(['F-3', 'F-2', 'F-1']);
        expect(await ids({ deliveryId: 'D-1' })).toEqual(['F-3', 'F-1']);
        expect(await ids({ vehicleId: 'radio/2' })).toEqual(['F-2']);
        expect(await ids({ vehicleSysid: 1, active: true })).toEqual(['F-3']);
        expect(await ids({ active: false })).toEqual(['F-1']);
        expect(await ids({ limit: 1, offset: 2 })).toEqual(['F-1']);
      });
      it('unknown ids and references', async () => {
        expect(await store.getFlight('nope')).toBeUndefined();
        await rejects(store.startFlight({ deliveryId: 'nope' }), 'STORE_NOT_FOUND', /delivery nope/);
        await rejects(store.endFlight('nope'), 'STORE_NOT_FOUND', /flight nope/);
        await rejects(store.appendTrack('nope', [{ at: iso(0), lat: 1, lon: 1, altAmslM: 1 }]), 'STORE_NOT_FOUND');
        await rejects(store.getTrack('nope'), 'STORE_NOT_FOUND');
        await store.startFlight({ id: 'F-1' });
        await rejects(store.startFlight({ id: 'F-1' }), 'STORE_DUPLICATE');
      });
    });

    describe('alerts', () => {
      it('raise, acknowledge (first wins), clear, get', async () => {
        const a = await store.raiseAlert({ severity: 'warning', code: 'OFF_CORRIDOR', message: 'vehicle 1 is 42 m from its planned track', vehicleSysid: 1, vehicleId: 'sim/1', deliveryId: 'D-9', details: { lateralM: 42.5 } });
        expect(a).toMatchObject({ id: 1, severity: 'warning', code: 'OFF_CORRIDOR', deliveryId: 'D-9', details: { lateralM: 42.5 }, acknowledgedBy: null, clearedAt: null });
        const acked = await store.acknowledgeAlert(a.id, 'anna');
        expect(acked).toMatchObject({ acknowledgedBy: 'anna', acknowledgedAt: iso(2) });
        expect(await store.acknowledgeAlert(a.id, 'ben')).toEqual(acked);
        const cleared = await store.clearAlert(a.id, '2026-05-04T08:05:00Z');
        expect(cleared.clearedAt).toBe('2026-05-04T08:05:00.000Z');
        expect(await store.getAlert(a.id)).toEqual(cleared);
        expect(await store.getAlert(99)).toBeUndefined();
        await rejects(store.acknowledgeAlert(99, 'anna'), 'STORE_NOT_FOUND', /alert 99/);
        await rejects(store.clearAlert(99), 'STORE_NOT_FOUND');
      });
      it('raises and clears many in one transaction: all or none', async () => {
        const lost = Array.from({ length: 700 }, (_, k) => ({ severity: 'warning' as const, code: 'LINK_LOST', message: `no heartbeat from sim/${k + 1}`, vehicleId: `sim/${k + 1}`, vehicleSysid: (k % 255) + 1, details: { link: 'sim' } }));
        const raised = await store.raiseAlerts(lost);
        expect(raised.map((a) => a.vehicleId)).toEqual(lost.map((a) => a.vehicleId)); // in input order, past one INSERT's 500 rows
        expect(new Set(raised.map((a) => a.id)).size).toBe(700);
        expect(raised[699]).toMatchObject({ code: 'LINK_LOST', severity: 'warning', details: { link: 'sim' }, clearedAt: null });
        expect(await store.raiseAlerts([])).toEqual([]);
        // One invalid input refuses the whole batch: nothing stored.
        await rejects(store.raiseAlerts([lost[0]!, { severity: 'fatal' as never, code: 'X', message: 'm' }]), 'STORE_INVALID_INPUT', /raiseAlerts\[1\]/);
        expect(await store.listAlerts({ limit: 1000 })).toHaveLength(700);
        const cleared = await store.clearAlerts(raised.slice(0, 3).map((a) => a.id), '2026-05-04T08:05:00Z');
        expect(cleared.map((a) => [a.id, a.clearedAt])).toEqual(raised.slice(0, 3).map((a) => [a.id, '2026-05-04T08:05:00.000Z']));
        await rejects(store.clearAlerts([raised[3]!.id, 99_999]), 'STORE_NOT_FOUND', /alert 99999/);
        expect((await store.getAlert(raised[3]!.id))!.clearedAt).toBeNull(); // refused as a whole
        expect(await store.listAlerts({ cleared: true, limit: 1000 })).toHaveLength(3);
      });
      it('list filters', async () => {
        await store.raiseAlert({ severity: 'info', code: 'LINK_LOST', message: 'm', vehicleSysid: 1 });
        await store.raiseAlert({ severity: 'critical', code: 'IN_PROHIBITED_ZONE', message: 'm', vehicleSysid: 2, deliveryId: 'D-2' });
        await store.raiseAlert({ severity: 'warning', code: 'OFF_CORRIDOR', message: 'm', vehicleSysid: 1, vehicleId: 'sim/1', deliveryId: 'D-1' });
        await store.acknowledgeAlert(2, 'anna');
        await store.clearAlert(3);
        const ids = async (f: Parameters<S['listAlerts']>[0]) => (await store.listAlerts(f)).map((x) => x.id);
        expect(await ids({})).toEqual([3, 2, 1]);
        expect(await ids({ vehicleSysid: 1 })).toEqual([3, 1]);
        expect(await ids({ vehicleId: 'sim/1' })).toEqual([3]);
        expect(await ids({ deliveryId: 'D-2' })).toEqual([2]);
        expect(await ids({ severity: ['warning', 'critical'] })).toEqual([3, 2]);
        expect(await ids({ code: 'LINK_LOST' })).toEqual([1]);
        expect(await ids({ acknowledged: false })).toEqual([3, 1]);
        expect(await ids({ acknowledged: true })).toEqual([2]);
        expect(await ids({ cleared: true })).toEqual([3]);
        expect(await ids({ since: iso(2) })).toEqual([3, 2]);
        expect(await ids({ until: iso(2) })).toEqual([1]);
        expect(await ids({ limit: 1 })).toEqual([3]);
      });
    });

    describe('audit', () => {
      it('append and list with actor, action (exact or prefix), result filters', async () => {
        const a = await store.appendAudit({ actor: { name: 'anna', role: 'operator' }, action: 'delivery.launch', params: { id: 'D-1', vehicle: 'sim/1' }, result: 'ok' });
        expect(a).toEqual({ id: 1, at: iso(1), actor: { name: 'anna', role: 'operator' }, action: 'delivery.launch', params: { id: 'D-1', vehicle: 'sim/1' }, result: 'ok', error: null });
        await store.appendAudit({ actor: { name: 'ben', role: 'viewer' }, action: 'vehicle.command.rtl', params: { vehicle: 'sim/1' }, result: 'error', error: { code: 'FORBIDDEN', message: 'viewer may not command' } });
        await store.appendAudit({ actor: { name: 'anna', role: 'operator' }, action: 'vehicle.command.arm', result: 'ok' });
        await store.appendAudit({ actor: { name: 'anna', role: 'operator' }, action: 'vehicleXcommand', result: 'ok' });
        const ids = async (f: Parameters<S['listAudit']>[0]) => (await store.listAudit(f)).map((x) => x.id);
        expect(await ids({})).toEqual([4, 3, 2, 1]);
        expect(await ids({ actorName: 'anna' })).toEqual([4, 3, 1]);
        expect(await ids({ action: 'vehicle.' })).toEqual([3, 2]);
        expect(await ids({ action: 'delivery.launch' })).toEqual([1]);
        expect(await ids({ result: 'error' })).toEqual([2]);
        const [err] = await store.listAudit({ result: 'error' });
        expect(err!.error).toEqual({ code: 'FORBIDDEN', message: 'viewer may not command' });
        expect((await store.listAudit({ action: 'vehicle.command.arm' }))[0]!.params).toBeNull();
      });
    });

    describe('bad input is rejected with STORE_INVALID_INPUT, never a crash', () => {
      const bad: [string, () => Promise<unknown>, RegExp][] = [
        ['delivery without request', () => store.createDelivery({} as never), /createDelivery: request/],
        ['delivery id with spaces', () => store.createDelivery({ id: 'a b', request }), /id: must be letters/],
        ['unknown field', () => store.createDelivery({ request, colour: 'red' } as never), /unknown field/],
        ['sysid out of range', () => store.createDelivery({ request, vehicleSysid: 300 }), /vehicleSysid/],
        ['bad time', () => store.createDelivery({ request, at: 'yesterday' }), /at: must be an ISO 8601 time/],
        ['plan with a Date', () => store.createDelivery({ request, plan: { at: new Date() } as never }), /plan\.at is a Date object/],
        ['request with a bigint', () => store.createDelivery({ request: { n: 1n } as never }), /request\.n is a bigint/],
        ['unknown state', () => store.transitionDelivery('D-1', { to: 'landed' as never, cause: 'x' }), /transitionDelivery: to/],
        ['empty cause', () => store.transitionDelivery('D-1', { to: 'uploading', cause: ' ' }), /cause: must not be empty/],
        ['non-string id', () => store.transitionDelivery(42 as never, { to: 'uploading', cause: 'x' }), /transitionDelivery id/],
        ['list limit too big', () => store.listDeliveries({ limit: 5000 }), /limit/],
        ['list negative offset', () => store.listFlights({ offset: -1 }), /offset/],
        ['list bad state', () => store.listDeliveries({ state: [] as never }), /state/],
        ['track point out of range', () => store.appendTrack('F-1', [{ at: iso(0), lat: 91, lon: 0, altAmslM: 0 }]), /0\.lat/],
        ['track point NaN', () => store.appendTrack('F-1', [{ at: iso(0), lat: NaN, lon: 0, altAmslM: 0 }]), /0\.lat/],
        ['track not an array', () => store.appendTrack('F-1', 'x' as never), /appendTrack points/],
        ['maxPoints 1', () => store.getTrack('F-1', { maxPoints: 1 }), /maxPoints/],
        ['alert severity', () => store.raiseAlert({ severity: 'fatal' as never, code: 'X', message: 'm' }), /severity/],
        ['alert code lower case', () => store.raiseAlert({ severity: 'info', code: 'off', message: 'm' }), /code: must be an UPPER_SNAKE code/],
        ['alert id 0', () => store.acknowledgeAlert(0, 'anna'), /acknowledgeAlert id/],
        ['ack by nobody', () => store.acknowledgeAlert(1, ''), /acknowledgeAlert by/],
        ['audit without actor', () => store.appendAudit({ action: 'x', result: 'ok' } as never), /actor/],
        ['audit bad result', () => store.appendAudit({ actor: { name: 'a', role: 'operator' }, action: 'x', result: 'maybe' as never }), /result/],
        ['filter of wrong type', () => store.listAlerts({ acknowledged: 'yes' as never }), /acknowledged/],
        ['filter null', () => store.listAudit(null as never), /listAudit/],
      ];
      it.each(bad)('%s', async (_name, call, message) => {
        await rejects(call(), 'STORE_INVALID_INPUT', message);
      });
      it('arbitrary input to every method resolves or rejects with a StoreError (property)', async () => {
        const calls: ((x: unknown) => Promise<unknown>)[] = [
          (x) => store.createDelivery(x as never),
          (x) => store.transitionDelivery(x as never, x as never),
          (x) => store.listDeliveries(x as never),
          (x) => store.startFlight(x as never),
          (x) => store.appendTrack(x as never, x as never),
          (x) => store.getTrack(x as never, x as never),
          (x) => store.listFlights(x as never),
          (x) => store.raiseAlert(x as never),
          (x) => store.raiseAlerts(x as never),
          (x) => store.raiseAlerts([x] as never),
          (x) => store.clearAlerts(x as never, x as never),
          (x) => store.clearAlerts([x] as never),
          (x) => store.acknowledgeAlert(x as never, x as never),
          (x) => store.listAlerts(x as never),
          (x) => store.appendAudit(x as never),
          (x) => store.listAudit(x as never),
          (x) => store.getDelivery(x as never),
          (x) => store.getAlert(x as never),
        ];
        await fc.assert(
          fc.asyncProperty(fc.nat(calls.length - 1), fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true }), async (k, x) => {
            await calls[k]!(x).catch((e: unknown) => {
              if (!isStoreError(e)) throw e;
            });
          }),
          { numRuns: 300 },
        );
      });
      it('the store still works afterwards', async () => {
        expect((await store.createDelivery({ request })).state).toBe('planned');
      });
    });
  });
}
