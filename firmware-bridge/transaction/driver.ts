/**
 * Runs one transaction reducer (mission, fence, rally, parameter, command) against a
 * MessageChannel and a Clock: the only impure part of every protocol transaction. It subscribes for the life of the transaction (MAVSDK's register_one /
 * unregister_all), arms and cancels the one timer the reducer asks for, sends in order, settles its
 * promise exactly once (callback_and_reset), and releases everything in `finally`.
 */
import type { MavLinkData } from '../codec/dialect.js';
import type { Clock, TimerHandle } from '../clock.js';
import { BridgeError } from '../errors.js';
import type { MessageChannel } from '../link/channel.js';
import type { InboundMessage } from '../link/link.js';
import type { Outcome, Step, Transaction, TransactionEvent } from './types.js';

export interface RunOptions<P> {
  /** Aborting it sends the reducer a `cancel` event carrying the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

/**
 * Run `tx` to its end. Resolves with the transaction's value or rejects with its BridgeError
 * (`tx.errors.cancelled` when `signal` aborted before the start; transport errors from sending
 * pass through as BridgeErrors; a reducer that throws ends it with `tx.errors.failed`).
 */
export async function runTransaction<S extends { kind: string }, R, P>(channel: MessageChannel, clock: Clock, tx: Transaction<S, R, P>, options: RunOptions<P> = {}): Promise<R> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new BridgeError(tx.errors.cancelled, `${tx.name} cancelled before it started: ${abortReason(signal)}`);

  let state: S = tx.first.state;
  let timer: TimerHandle | undefined;
  let settled = false;
  let sending: Promise<void> = Promise.resolve();
  let resolveDone!: (outcome: Outcome<R>) => void;
  const finished = new Promise<Outcome<R>>((resolve) => (resolveDone = resolve));

  const settle = (outcome: Outcome<R>): void => {
    if (settled) return;
    settled = true;
    timer?.cancel();
    timer = undefined;
    resolveDone(outcome);
  };

  // Sends start synchronously, in the order the reducer produced them: the link gives each frame
  // its seq at the call, so that order is the wire order. `sending` settles when all have left.
  const sendNow = (m: MavLinkData): Promise<void> => {
    try {
      return channel.send(m);
    } catch (e) {
      return Promise.reject(e);
    }
  };
  const send = (msgs: readonly MavLinkData[]): void => {
    for (const m of msgs) {
      const sent = sendNow(m).catch((e: unknown) => settle({ ok: false, error: asBridgeError(e, tx.name) }));
      sending = sending.then(() => sent);
    }
  };

  const apply = (step: Step<S, P>): void => {
    if (settled) return;
    state = step.state;
    send(step.send);
    if (step.progress && onProgress) {
      try {
        onProgress(step.progress);
      } catch {
        // A progress listener's bug must not break the transfer.
      }
    }
    if (step.timer !== 'keep') {
      timer?.cancel();
      timer = step.timer === null ? undefined : clock.setTimer(step.timer, () => dispatch({ kind: 'timeout' }));
    }
    const outcome = tx.outcome(state);
    // Settle only after the final sends (e.g. the download's closing ACK) have left.
    if (outcome) void sending.then(() => settle(outcome));
  };

  // Events raised while a step is being applied (an abort from inside onProgress, a message
  // delivered synchronously by a send) wait their turn: steps never interleave.
  const queue: TransactionEvent[] = [];
  let applying = false;
  const drain = (first?: Step<S, P>): void => {
    applying = true;
    try {
      if (first) apply(first);
      for (let e = queue.shift(); e; e = queue.shift()) {
        if (settled || tx.outcome(state)) break;
        apply(tx.step(state, e));
      }
    } catch (e) {
      // A reducer bug on odd vehicle input must still end the transaction, once.
      settle({ ok: false, error: e instanceof BridgeError ? e : new BridgeError(tx.errors.failed, `${tx.name} could not process a message from the vehicle (${String(e)}); retry`) });
    } finally {
      queue.length = 0;
      applying = false;
    }
  };
  const dispatch = (event: TransactionEvent): void => {
    queue.push(event);
    if (!applying) drain();
  };

  const unsubscribe = channel.subscribe((m: InboundMessage) => {
    if (m.data) dispatch({ kind: 'message', msg: { data: m.data, sysid: m.frame.sysid, compid: m.frame.compid } });
  });
  const onAbort = (): void => dispatch({ kind: 'cancel', reason: abortReason(signal!) });
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    drain(tx.first);
    const outcome = await finished;
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  } finally {
    settled = true;
    timer?.cancel();
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The text of an AbortSignal's reason (an Error's message, a string, or a default). */
export function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'aborted by the caller';
}

function asBridgeError(e: unknown, what: string): BridgeError {
  if (e instanceof BridgeError) return e;
  return new BridgeError('LINK_CLOSED', `${what} failed to send: ${e instanceof Error ? e.message : String(e)}; reopen the link and retry`);
}
