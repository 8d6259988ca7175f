/**
 * When a vehicle's new state goes out (to websocket clients, or on the cluster bus): at most
 * `1000 / intervalMs` pushes a second per vehicle on average, latest value wins. A new *position*
 * is urgent: it goes out at once when the vehicle's rate allows it, else as soon as it does. Other
 * changes (attitude, battery, …) arrive between positions and would otherwise take the push slot
 * just before the next position: they ride along with the next position, or go out one interval
 * after the next slot when no position comes.
 *
 * The rate is a GCRA (a virtual-scheduling leaky bucket) with a tolerance of one interval, not
 * "at least one interval since the last push". A stream that comes at the push rate (PX4 at 10 Hz,
 * the simulator's 20 ms steps) arrives a few ms early half of the time; a strict spacing held each
 * such position until the interval's end, the late timer pushed the next slot later still, and the
 * wait ratcheted up until a newer position replaced the held one: a uniform 0–100 ms delay
 * (measured p50/p99 58/97 ms in the cluster bench, reproduced by the test). With the tolerance a
 * stream at the push rate goes out at once however it jitters (up to an interval), while over any
 * window W a vehicle is pushed at most 1 + (W + intervalMs) / intervalMs times.
 *
 * `coalesce`: the consumer snapshots a vehicle when it sends (at its next tick) and calls
 * `taken(id)` then; a change that arrives before that rides along with the push already due instead
 * of spending the next slot — a burst of datagrams (a sender or a link catching up) costs one push
 * with the newest state, not one now and a stale repeat an interval later.
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';

/** Whether a state change is worth a push of its own (a new position, connection, arming or mode). */
export const urgentChange = (s: VehicleState, previous: VehicleState): boolean =>
  s.position !== previous.position || s.connected !== previous.connected || s.armed !== previous.armed || s.flightMode !== previous.flightMode;

/** How early (in intervals) a push may come before its theoretical time. */
export const PACER_TOLERANCE = 1;

export class PushPacer {
  /** Theoretical time of each vehicle's next push (GCRA). */
  private readonly tat = new Map<string, number>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly toleranceMs: number;
  /** Pushed, not yet taken by the consumer (coalesce only). */
  private readonly unsent = new Set<string>();

  constructor(
    private readonly intervalMs: number,
    private readonly push: (id: string) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly coalesce = false,
  ) {
    this.toleranceMs = intervalMs * PACER_TOLERANCE;
  }

  /** A vehicle's state changed; `urgent` when it brought a new position. */
  changed(id: string, urgent: boolean): void {
    if (this.unsent.has(id)) return; // the push already due will carry this state
    const tat = this.tat.get(id) ?? -Infinity;
    const due = urgent ? tat - this.toleranceMs : tat + this.intervalMs;
    const pending = this.timers.get(id);
    if (pending && pending.at <= due) return; // already goes out no later
    const now = this.now();
    if (now >= due) return this.fire(id, now);
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => this.fire(id, this.now()), due - now);
    timer.unref();
    this.timers.set(id, { at: due, timer });
  }

  /** With `coalesce`: the consumer took the vehicle's state for the push; later changes need a push of their own. */
  taken(id: string): void {
    this.unsent.delete(id);
  }

  /** Forget a vehicle (gone from the live list). */
  forget(id: string): void {
    this.unsent.delete(id);
    const p = this.timers.get(id);
    if (p) clearTimeout(p.timer);
    this.timers.delete(id);
    this.tat.delete(id);
  }

  close(): void {
    for (const p of this.timers.values()) clearTimeout(p.timer);
    this.timers.clear();
    this.unsent.clear();
  }

  private fire(id: string, now: number): void {
    const p = this.timers.get(id);
    if (p) clearTimeout(p.timer);
    this.timers.delete(id);
    this.tat.set(id, Math.max(this.tat.get(id) ?? -Infinity, now) + this.intervalMs);
    if (this.coalesce) this.unsent.add(id);
    this.push(id);
  }
}
