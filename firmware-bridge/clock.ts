/**
 * Injected time. Protocol code never calls setTimeout or Date.now directly, so tests advance a
 * FakeClock instead of shortening real timeouts (MAVSDK's TimeoutHandler(Time&) + FakeTime).
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds, monotonic for the purpose of timeouts. */
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
};

/** A clock that only moves when told to; timers fire in due-time order inside advance(). */
export class FakeClock implements Clock {
  private t: number;
  private nextId = 0;
  private readonly timers = new Map<number, { due: number; fn: () => void }>();

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { due: this.t + Math.max(0, ms), fn });
    return { cancel: () => void this.timers.delete(id) };
  }

  /** Move time forward, firing every timer that falls due (including ones set by fired timers). */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      let nextId = -1;
      let nextDue = Infinity;
      for (const [id, timer] of this.timers) {
        if (timer.due <= target && (timer.due < nextDue || (timer.due === nextDue && id < nextId))) {
          nextId = id;
          nextDue = timer.due;
        }
      }
      if (nextId < 0) break;
      const timer = this.timers.get(nextId)!;
      this.timers.delete(nextId);
      this.t = timer.due;
      timer.fn();
    }
    this.t = target;
  }

  /** When the earliest pending timer falls due (undefined if none): lets a test advance to the next event. */
  nextDueAt(): number | undefined {
    let due: number | undefined;
    for (const timer of this.timers.values()) if (due === undefined || timer.due < due) due = timer.due;
    return due;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}
