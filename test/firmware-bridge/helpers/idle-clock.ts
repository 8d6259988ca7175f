/**
 * Virtual time for transfers over real sockets: a FakeClock that moves only while nothing is in
 * flight. `run(p)` watches datagram counters (what each side sent, what the proxy saw, what each
 * side received) and, once they balance and stay unchanged for two event-loop turns (every handler
 * has had its microtasks), advances the clock to the next timer. A retry or timeout therefore fires
 * only when the datagram it waits for really was lost, never because the machine was slow: the
 * production timeouts apply and the run does not depend on wall-clock time.
 */
import { FakeClock } from '../../../firmware-bridge/clock.js';

/** Datagrams in flight now (sent minus received over each hop) and moved so far (any send or receive). */
export type Traffic = () => { inFlight: number; moved: number; detail?: string };

/** Guard against a datagram lost outside the proxy (a kernel drop): the run would wait forever. */
const STALL_MS = 10_000;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class IdleClock extends FakeClock {
  constructor(private readonly traffic: Traffic) {
    super();
  }

  /** Settle `work`, advancing virtual time whenever the link is idle. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const done = work.finally(() => {
      settled = true;
    });
    done.catch(() => undefined);
    let stableTurns = 0;
    let lastSignature = '';
    let changedAt = performance.now();
    while (!settled) {
      await turn();
      if (settled) break;
      const { inFlight: pending, moved, detail } = this.traffic();
      const signature = `${pending}/${moved}@${this.now()}`;
      if (signature !== lastSignature) changedAt = performance.now();
      if (pending === 0 && signature === lastSignature) stableTurns++;
      else stableTurns = 0;
      lastSignature = signature;
      if (stableTurns >= 2) {
        const due = this.nextDueAt();
        if (due === undefined) throw new Error('idle with no timer pending and the transfer unsettled');
        this.advance(due - this.now());
        stableTurns = 0;
      } else if (pending !== 0 && performance.now() - changedAt > STALL_MS) {
        throw new Error(`${pending} datagram(s) in flight for ${STALL_MS} ms: lost outside the proxy (${detail ?? ''})`);
      }
    }
    return done;
  }
}
