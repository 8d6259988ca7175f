/**
 * The vehicles other instances own, as their telemetry on the bus shows them: the latest compact
 * view per vehicle and which instance owns its link (where commands for it are forwarded). An
 * entry not refreshed for {@link REMOTE_STALE_MS} is dropped (its owner died or lost the link; the
 * next owner's telemetry brings it back).
 */
import type { TelemetryMessage } from './nats-bus.js';

export const REMOTE_STALE_MS = 5_000;

interface Entry {
  owner: string;
  view: unknown;
  atMs: number;
}

export class RemoteVehicles {
  private readonly byId = new Map<string, Entry>();

  constructor(
    private readonly self: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes a telemetry message; returns true when it is about a vehicle another instance owns. */
  update(m: TelemetryMessage): boolean {
    if (m.o === this.self) return false;
    this.byId.set(m.id, { owner: m.o, view: m.v, atMs: this.now() });
    return true;
  }

  private fresh(id: string): Entry | undefined {
    const e = this.byId.get(id);
    if (e && this.now() - e.atMs > REMOTE_STALE_MS) {
      this.byId.delete(id);
      return undefined;
    }
    return e;
  }

  ids(): string[] {
    return [...this.byId.keys()].filter((id) => this.fresh(id) !== undefined);
  }

  snapshot(id: string): unknown {
    return this.fresh(id)?.view;
  }

  /** How old the position behind a vehicle's view is, ms (stamped by its owner: one machine's clock, or NTP's). */
  ageMs(id: string): number | undefined {
    const at = (this.fresh(id)?.view as { updatedAtMs?: unknown } | undefined)?.updatedAtMs;
    return typeof at === 'number' ? this.now() - at : undefined;
  }

  ownerOf(id: string): string | undefined {
    return this.fresh(id)?.owner;
  }

  /** Forget a vehicle this instance now owns itself. */
  forget(id: string): void {
    this.byId.delete(id);
  }
}
