/**
 * One transaction at a time per vehicle and plan store (MAVSDK's work-item queue): jobs run
 * strictly one after another, and a job cancelled while waiting never starts.
 */
import { BridgeError, type BridgeErrorCode } from '../errors.js';

export class TransactionQueue {
  private tail: Promise<void> = Promise.resolve();

  /** @param cancelled the code a job cancelled while waiting rejects with (its transactions' own) */
  constructor(private readonly cancelled: BridgeErrorCode) {}

  run<T>(job: () => Promise<T>, signal?: AbortSignal, what = 'transaction'): Promise<T> {
    const previous = this.tail;
    const result = (async () => {
      await untilTurnOrAbort(previous, signal, what, this.cancelled);
      return job();
    })();
    const settledResult = result.then(
      () => undefined,
      () => undefined,
    );
    // The next job waits for the previous one even if this one was cancelled while queued.
    this.tail = previous.then(() => settledResult);
    return result;
  }
}

function untilTurnOrAbort(turn: Promise<void>, signal: AbortSignal | undefined, what: string, code: BridgeErrorCode): Promise<void> {
  if (!signal) return turn;
  const cancelled = (): BridgeError => new BridgeError(code, `${what} cancelled while waiting for the previous transaction`);
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) reject(cancelled());
      else resolve();
    });
  });
}

