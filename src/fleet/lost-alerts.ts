/**
 * The stored LINK_LOST warning of a vehicle that flies no delivery (a flying one's is its
 * delivery's conformance alert), raised when its heartbeats stop and cleared when they come back.
 *
 * Written in batches, one transaction at a time: a starved instance reads every heartbeat late and
 * declares all its vehicles lost in one go — 300 single-row writes at once exhausted the store's
 * connection pool (each retried for store.retryS) and froze the instance. Now the losses of one
 * turn of the event loop are one `raiseAlerts` (≤ MAX_ALERT_BATCH rows), the next batch waits for
 * it, and a vehicle regained before its warning was written costs no write at all.
 */
import type { AlertRecord, NewAlert, Store } from '../store/store.js';
import { isStoreError } from '../store/errors.js';

export const MAX_ALERT_BATCH = 500;

export interface LostAlertDeps {
  raiseAlerts(inputs: readonly NewAlert[]): Promise<AlertRecord[]>;
  clearAlerts(ids: readonly number[]): Promise<AlertRecord[]>;
  /** A batch could not be written (after the store's own retries): logged, its alerts dropped. */
  failed(err: Error, what: 'raise' | 'clear', count: number): void;
}

export class LostAlerts {
  /** Vehicle id → its warning, not written yet. */
  private readonly toRaise = new Map<string, NewAlert>();
  /** Vehicles whose warning is being written now. */
  private readonly raising = new Set<string>();
  /** Vehicle id → its stored, open warning. */
  private readonly open = new Map<string, number>();
  /** Vehicles regained whose stored (or being written) warning is to be cleared. */
  private readonly toClear = new Set<string>();
  private running: Promise<void> | undefined;

  constructor(private readonly d: LostAlertDeps) {}

  lost(v: { id: string; sysid: number; link: string }): void {
    if (this.toClear.delete(v.id)) return; // lost again before the clear was written: the warning stays open
    if (this.toRaise.has(v.id) || this.raising.has(v.id) || this.open.has(v.id)) return;
    this.toRaise.set(v.id, { severity: 'warning', code: 'LINK_LOST', message: `no heartbeat from ${v.id} (it flies no delivery)`, vehicleId: v.id, vehicleSysid: v.sysid, details: { link: v.link } });
    this.kick();
  }

  regained(id: string): void {
    if (this.toRaise.delete(id)) return; // never written: nothing to clear
    if (this.raising.has(id) || this.open.has(id)) {
      this.toClear.add(id);
      this.kick();
    }
  }

  /** Resolves when everything queued so far is written (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    // setImmediate: the losses of this turn of the event loop (one batch of late datagrams) go together.
    this.running ??= new Promise<void>((r) => setImmediate(r))
      .then(() => this.drain())
      .finally(() => {
        this.running = undefined;
        if (this.toRaise.size > 0 || this.toClear.size > 0) this.kick(); // queued between the last check and here
      });
  }

  private async drain(): Promise<void> {
    while (this.toRaise.size > 0 || [...this.toClear].some((id) => this.open.has(id))) {
      if (this.toRaise.size > 0) await this.raiseBatch();
      const ids = [...this.toClear].filter((id) => this.open.has(id)).slice(0, MAX_ALERT_BATCH);
      if (ids.length === 0) continue;
      for (const id of ids) this.toClear.delete(id);
      const alertIds = ids.map((id) => this.open.get(id)!);
      for (const id of ids) this.open.delete(id);
      await this.d.clearAlerts(alertIds).catch((e: Error) => this.d.failed(e, 'clear', ids.length));
    }
  }

  private async raiseBatch(): Promise<void> {
    const batch = [...this.toRaise].slice(0, MAX_ALERT_BATCH);
    for (const [id] of batch) {
      this.toRaise.delete(id);
      this.raising.add(id);
    }
    try {
      const stored = await this.d.raiseAlerts(batch.map(([, a]) => a));
      batch.forEach(([id], k) => this.open.set(id, stored[k]!.id));
    } catch (e) {
      this.d.failed(e as Error, 'raise', batch.length);
      for (const [id] of batch) this.toClear.delete(id); // nothing stored, nothing to clear
    } finally {
      for (const [id] of batch) this.raising.delete(id);
    }
  }
}

/** The writes a monitored delivery makes for its alerts: the Store's own signatures, so the store itself fits too. */
export type AlertWriter = Pick<Store, 'raiseAlert' | 'clearAlert'>;

interface Pending<I, R> {
  input: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * The conformance alerts of flying deliveries (LINK_LOST above all: a starved instance loses every
 * flying vehicle in one timer callback), batched like the warnings above: the raises and clears
 * asked for in one turn of the event loop are one `raiseAlerts` and one `clearAlerts` (≤
 * MAX_ALERT_BATCH rows each), written at the end of that turn (setImmediate — no waiting window,
 * and no waiting for an earlier batch: a critical alert is never held behind another commit).
 * Each caller gets its own record, as from `raiseAlert`, so the alert's content, severity, order
 * per delivery and publication are unchanged. A batch refused for one row (STORE_INVALID_INPUT,
 * STORE_NOT_FOUND) is retried row by row so that row fails alone; any other failure (the store
 * unavailable after its retries) fails the whole batch, as it would have failed each write.
 */
export class AlertBatch implements AlertWriter {
  private raises: Pending<NewAlert, AlertRecord>[] = [];
  private clears: Pending<number, AlertRecord>[] = [];
  private scheduled = false;

  constructor(private readonly store: Pick<Store, 'raiseAlert' | 'raiseAlerts' | 'clearAlert' | 'clearAlerts'>) {}

  raiseAlert(input: NewAlert): Promise<AlertRecord> {
    return new Promise((resolve, reject) => {
      this.raises.push({ input, resolve, reject });
      this.schedule();
    });
  }

  clearAlert(id: number): Promise<AlertRecord> {
    return new Promise((resolve, reject) => {
      this.clears.push({ input: id, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const raises = this.raises;
      const clears = this.clears;
      this.raises = [];
      this.clears = [];
      for (let k = 0; k < raises.length; k += MAX_ALERT_BATCH) void this.write(raises.slice(k, k + MAX_ALERT_BATCH), (a) => this.store.raiseAlerts(a), (a) => this.store.raiseAlert(a));
      for (let k = 0; k < clears.length; k += MAX_ALERT_BATCH) void this.write(clears.slice(k, k + MAX_ALERT_BATCH), (ids) => this.store.clearAlerts(ids), (id) => this.store.clearAlert(id));
    });
  }

  private async write<I>(batch: Pending<I, AlertRecord>[], many: (inputs: I[]) => Promise<AlertRecord[]>, one: (input: I) => Promise<AlertRecord>): Promise<void> {
    if (batch.length === 1) {
      const [p] = batch as [Pending<I, AlertRecord>];
      return one(p.input).then(p.resolve, p.reject);
    }
    try {
      const stored = await many(batch.map((p) => p.input));
      batch.forEach((p, k) => p.resolve(stored[k]!));
    } catch (e) {
      if (!isStoreError(e, 'STORE_INVALID_INPUT') && !isStoreError(e, 'STORE_NOT_FOUND')) {
        for (const p of batch) p.reject(e);
        return;
      }
      await Promise.all(batch.map((p) => one(p.input).then(p.resolve, p.reject)));
    }
  }
}
