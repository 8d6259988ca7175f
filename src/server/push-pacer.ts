/**
 * When a vehicle's new state goes out (to websocket clients, or on the cluster bus), at most once per
 * interval per vehicle, latest value wins. A new *position* is urgent: it goes out at once, or at
 * the end of the interval if the last push was less than an interval ago (a few ms when the stream
 * runs at the push rate). Other changes (attitude, battery, …) arrive between positions and would
 * otherwise take the push slot just before the next position, which then waits most of an
 * interval: they ride along with the next position, or go out after two intervals when no
 * position comes. So MAVLink-in → push is processing time, not the phase of another message.
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';

/** Whether a state change is worth a push of its own (a new position, connection, arming or mode). */
export const urgentChange = (s: VehicleState, previous: VehicleState): boolean =>
  s.position !== previous.position || s.connected !== previous.connected || s.armed !== previous.armed || s.flightMode !== previous.flightMode;

export class PushPacer {
  private readonly lastAt = new Map<string, number>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly intervalMs: number,
    private readonly push: (id: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A vehicle's state changed; `urgent` when it brought a new position. */
  changed(id: string, urgent: boolean): void {
    const last = this.lastAt.get(id) ?? -Infinity;
    const due = last + (urgent ? 1 : 2) * this.intervalMs;
    const pending = this.timers.get(id);
    if (pending && pending.at <= due) return; // already goes out no later
    const now = this.now();
    if (now >= due) return this.fire(id, now);
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => this.fire(id, this.now()), due - now);
    timer.unref();
    this.timers.set(id, { at: due, timer });
  }

  /** Forget a vehicle (gone from the live list). */
  forget(id: string): void {
    const p = this.timers.get(id);
    if (p) clearTimeout(p.timer);
    this.timers.delete(id);
    this.lastAt.delete(id);
  }

  close(): void {
    for (const p of this.timers.values()) clearTimeout(p.timer);
    this.timers.clear();
  }

  private fire(id: string, now: number): void {
    const p = this.timers.get(id);
    if (p) clearTimeout(p.timer);
    this.timers.delete(id);
    this.lastAt.set(id, now);
    this.push(id);
  }
}
