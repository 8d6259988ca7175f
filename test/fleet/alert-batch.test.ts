/**
 * The conformance alerts of flying deliveries through AlertBatch, on real stores (SQLite, and
 * PostgreSQL with a pool smaller than the burst): many flying vehicles losing their links at once —
 * each delivery's monitoring step decides LINK_LOST (the real decideMonitorStep) and awaits its own
 * write, as DeliveryService.step does — make one transaction, written in the same turn, each
 * caller getting the record raiseAlert would have given it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { conformanceContext } from '../../src/fleet/conformance.js';
import { AlertBatch, MAX_ALERT_BATCH } from '../../src/fleet/lost-alerts.js';
import { decideMonitorStep } from '../../src/fleet/monitor-step.js';
import type { NewAlert, Store } from '../../src/store/index.js';
import { bothStores } from '../store/postgres-env.js';
import { flying, INDEX, PROFILE, straightRoute } from './fixtures.js';

const FROM = { lat: 53.549, lon: 9.915 };
const TO = { lat: 53.5567, lon: 9.915 };
const ctx = conformanceContext(straightRoute(FROM, TO), INDEX, PROFILE, 10);
const T0 = Date.parse('2026-05-04T08:05:00Z');

/** What DeliveryService.step writes for delivery k whose vehicle stopped sending heartbeats. */
function linkLostOf(k: number): NewAlert {
  const sysid = ((k - 1) % 250) + 1;
  const d = decideMonitorStep(
    { deliveryId: `D-${k}`, vehicleSysid: sysid, ctx, marks: { mode: 'land', lastSeq: 6 }, state: 'in_flight', alerts: new Map(), tracking: true, lastTrackMs: T0, airborne: true, armed: true, linkLost: false, sinceMs: T0 - 60_000, failsafeEvent: undefined, from: FROM, to: TO },
    { ...flying({ lat: 53.55, lon: 9.915, relAltM: 60 }, T0), connected: false },
    T0,
    'hold',
  );
  expect(d.alerts.raised.map((a) => a.code)).toEqual(['LINK_LOST']);
  const a = d.alerts.raised[0]!;
  return { severity: a.severity, code: a.code, message: a.message, vehicleId: `radio/${k}`, vehicleSysid: sysid, deliveryId: `D-${k}`, details: (a.details ?? {}) as NewAlert['details'] };
}

/** The real store with the alert writes it receives counted. */
function counted(store: Store) {
  const calls = { raiseAlerts: [] as number[], clearAlerts: [] as number[], raiseAlert: 0, clearAlert: 0 };
  const s = {
    raiseAlerts: (a: readonly NewAlert[]) => (calls.raiseAlerts.push(a.length), store.raiseAlerts(a)),
    clearAlerts: (ids: readonly number[]) => (calls.clearAlerts.push(ids.length), store.clearAlerts(ids)),
    raiseAlert: (a: NewAlert) => (calls.raiseAlert++, store.raiseAlert(a)),
    clearAlert: (id: number) => (calls.clearAlert++, store.clearAlert(id)),
  };
  return { batch: new AlertBatch(s), calls };
}

const stores = bothStores(2);

describe.each(stores)('AlertBatch on %s', (_name, make, skip) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });
  const setup = async (deliveries: number) => {
    const s = await make();
    dispose = s.dispose;
    for (let k = 1; k <= deliveries; k++) await s.store.createDelivery({ id: `D-${k}`, request: {}, vehicleId: `radio/${k}`, vehicleSysid: ((k - 1) % 250) + 1 });
    return { store: s.store, ...counted(s.store) };
  };

  it.skipIf(skip)('300 flying deliveries lose their links at once: one transaction in the same turn, each its own record as raiseAlert stores it', async () => {
    const { store, batch, calls } = await setup(300);
    const reference = await store.raiseAlert(linkLostOf(1)); // what a single write stores
    const inputs = Array.from({ length: 300 }, (_, k) => linkLostOf(k + 1));
    const steps = inputs.map((a) => batch.raiseAlert(a)); // each monitoring step awaits its own
    await new Promise((r) => setImmediate(r)); // the end of this turn: the write has been asked for
    expect(calls.raiseAlerts).toEqual([300]);
    const records = await Promise.all(steps);
    expect(calls.raiseAlert).toBe(0);
    expect(new Set(records.map((r) => r.id)).size).toBe(300);
    records.forEach((r, k) => expect(r).toMatchObject({ ...inputs[k], details: inputs[k]!.details }));
    const { id: _i, at: _a, ...same } = reference;
    expect(records[0]).toMatchObject(same);
    expect(records[0]).toMatchObject({ code: 'LINK_LOST', severity: 'critical', deliveryId: 'D-1' });
    const stored = await store.listAlerts({ code: 'LINK_LOST', cleared: false, limit: 1_000 });
    expect(stored).toHaveLength(301);
    // links back: the clears of one turn are one write too
    const cleared = await Promise.all(records.map((r) => batch.clearAlert(r.id)));
    expect(calls.clearAlerts).toEqual([300]);
    expect(cleared.every((r) => r.clearedAt !== null && r.clearedAt !== undefined)).toBe(true);
    expect(await store.listAlerts({ code: 'LINK_LOST', cleared: false, limit: 1_000 })).toHaveLength(1);
  });

  it.skipIf(skip)('a larger burst: batches of MAX_ALERT_BATCH; one alone is a plain raiseAlert', async () => {
    const { batch, calls } = await setup(MAX_ALERT_BATCH + 20);
    await Promise.all(Array.from({ length: MAX_ALERT_BATCH + 20 }, (_, k) => batch.raiseAlert(linkLostOf(k + 1))));
    expect(calls.raiseAlerts).toEqual([MAX_ALERT_BATCH, 20]);
    await batch.raiseAlert(linkLostOf(1));
    expect(calls.raiseAlert).toBe(1);
  });

  it.skipIf(skip)('a row the store refuses fails alone: the others of its batch are stored', async () => {
    const { store, batch } = await setup(3);
    const bad = { ...linkLostOf(2), severity: 'apocalyptic' } as unknown as NewAlert;
    const got = await Promise.allSettled([batch.raiseAlert(linkLostOf(1)), batch.raiseAlert(bad), batch.raiseAlert(linkLostOf(3))]);
    expect(got.map((g) => g.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((got[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_INVALID_INPUT' });
    expect((await store.listAlerts({ code: 'LINK_LOST' })).map((a) => a.deliveryId).sort()).toEqual(['D-1', 'D-3']);
    const ids = (got.filter((g) => g.status === 'fulfilled') as PromiseFulfilledResult<{ id: number }>[]).map((g) => g.value.id);
    const clears = await Promise.allSettled([batch.clearAlert(ids[0]!), batch.clearAlert(999_999), batch.clearAlert(ids[1]!)]);
    expect(clears.map((g) => g.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((clears[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_NOT_FOUND' });
    expect(await store.listAlerts({ code: 'LINK_LOST', cleared: false })).toHaveLength(0);
  });
});
