/**
 * LINK_LOST warnings of vehicles that fly no delivery, on real stores (SQLite, and PostgreSQL with a
 * pool smaller than the burst): a mass loss is one transaction at a time, never one write per vehicle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LostAlerts, MAX_ALERT_BATCH } from '../../src/fleet/lost-alerts.js';
import type { Store } from '../../src/store/index.js';
import { bothStores } from '../store/postgres-env.js';

const vehicles = (n: number) => Array.from({ length: n }, (_, k) => ({ id: `radio/${k + 1}`, sysid: (k % 250) + 1, link: 'radio' }));

/** The real store, with the writes it receives counted (and how many run at once). */
function counted(store: Store) {
  const calls = { raise: [] as number[], clear: [] as number[], single: 0, inFlight: 0, maxInFlight: 0 };
  const track = async <T>(p: () => Promise<T>): Promise<T> => {
    calls.maxInFlight = Math.max(calls.maxInFlight, ++calls.inFlight);
    try {
      return await p();
    } finally {
      calls.inFlight--;
    }
  };
  const origRaise = store.raiseAlert.bind(store);
  store.raiseAlert = (a) => (calls.single++, origRaise(a));
  const lost = new LostAlerts({
    raiseAlerts: (a) => (calls.raise.push(a.length), track(() => store.raiseAlerts(a))),
    clearAlerts: (ids) => (calls.clear.push(ids.length), track(() => store.clearAlerts(ids))),
    failed: (e) => {
      throw e;
    },
  });
  return { lost, calls };
}

const open = async (store: Store) => (await store.listAlerts({ code: 'LINK_LOST', cleared: false, limit: 1_000 })).length;

const stores = bothStores(2);

describe.each(stores)('LostAlerts on %s', (_name, make, skip) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });
  const setup = async () => {
    const s = await make();
    dispose = s.dispose;
    return { store: s.store, ...counted(s.store) };
  };

  it.skipIf(skip)('300 vehicles lost at once: one transaction, every warning stored', async () => {
    const { store, lost, calls } = await setup();
    for (const v of vehicles(300)) lost.lost(v);
    await lost.settled();
    expect(calls.raise).toEqual([300]);
    expect(calls.single).toBe(0);
    expect(await open(store)).toBe(300);
    const one = (await store.listAlerts({ vehicleId: 'radio/7' }))[0]!;
    expect(one).toMatchObject({ code: 'LINK_LOST', severity: 'warning', vehicleSysid: 7, details: { link: 'radio' } });
  });

  it.skipIf(skip)('a larger burst is written in bounded batches, one at a time; regained vehicles are cleared in one', async () => {
    const { store, lost, calls } = await setup();
    const all = vehicles(MAX_ALERT_BATCH + 200);
    for (const v of all) lost.lost(v);
    for (const v of all) lost.lost(v); // reported twice: still one warning each
    await lost.settled();
    expect(calls.raise).toEqual([MAX_ALERT_BATCH, 200]);
    expect(calls.maxInFlight).toBe(1);
    expect(await open(store)).toBe(all.length);
    for (const v of all.slice(0, 250)) lost.regained(v.id);
    await lost.settled();
    expect(calls.clear).toEqual([250]);
    expect(await open(store)).toBe(all.length - 250);
  });

  it.skipIf(skip)('regained before the warning was written: nothing stored; lost again before the clear: stays open', async () => {
    const { store, lost, calls } = await setup();
    const [a, b] = vehicles(2);
    lost.lost(a!);
    lost.regained(a!.id); // same turn: never written
    lost.lost(b!);
    await lost.settled();
    expect(calls.raise).toEqual([1]);
    expect((await store.listAlerts({ code: 'LINK_LOST' })).map((x) => x.vehicleId)).toEqual(['radio/2']);
    lost.regained(b!.id);
    lost.lost(b!); // flapping within one turn
    await lost.settled();
    expect(calls.clear).toEqual([]);
    expect(await open(store)).toBe(1);
    lost.regained(b!.id);
    await lost.settled();
    expect(calls.clear).toEqual([1]);
    expect(await open(store)).toBe(0);
  });

  it.skipIf(skip)('regained while its warning is being written: cleared right after', async () => {
    const { store, lost, calls } = await setup();
    const [a] = vehicles(1);
    lost.lost(a!);
    await new Promise((r) => setImmediate(r)); // the write has started
    lost.regained(a!.id);
    await lost.settled();
    expect(calls.raise).toEqual([1]);
    expect(calls.clear).toEqual([1]);
    expect(await open(store)).toBe(0);
  });
});
