/**
 * Link alerts into the store (GET /api/alerts), not only onto the websocket and the log: an address
 * conflict or a vehicle that stopped signing must survive a restart and be acknowledged by a person.
 *
 * A hostile sender can trigger an alert per frame (a forger interleaving with the real vehicle
 * restarts the conflict count each time; a full peer table refuses every new address), so each
 * (code, vehicle or link) is stored at most once per `holdOffMs`; the next stored one carries how
 * many were folded into it (`details.suppressed`).
 */
import type { AlertRecord, JsonValue, NewAlert } from '../store/store.js';
import type { LinkAlert } from './fleet.js';

export const LINK_ALERT_HOLD_OFF_MS = 60_000;

export interface LinkAlertStoreDeps {
  raiseAlert(input: NewAlert): Promise<AlertRecord>;
  nowMs: () => number;
  holdOffMs?: number;
}

export class LinkAlertRecorder {
  private readonly last = new Map<string, { atMs: number; suppressed: number }>();
  private readonly holdOffMs: number;

  constructor(private readonly d: LinkAlertStoreDeps) {
    this.holdOffMs = d.holdOffMs ?? LINK_ALERT_HOLD_OFF_MS;
  }

  /** Stores the alert unless one of its kind was stored within the hold-off; resolves to the record or undefined. */
  async record(a: LinkAlert): Promise<AlertRecord | undefined> {
    const key = `${a.code}|${a.vehicle ?? a.link}`;
    const now = this.d.nowMs();
    const prev = this.last.get(key);
    if (prev && now - prev.atMs < this.holdOffMs) {
      prev.suppressed++;
      return undefined;
    }
    const suppressed = prev?.suppressed ?? 0;
    this.last.set(key, { atMs: now, suppressed: 0 });
    const sysid = a.vehicle ? Number(a.vehicle.slice(a.link.length + 1)) : undefined;
    const details: Record<string, JsonValue> = { link: a.link, ...(suppressed ? { suppressed } : {}) };
    return this.d.raiseAlert({
      severity: a.severity,
      code: a.code,
      message: a.message,
      ...(a.vehicle ? { vehicleId: a.vehicle } : {}),
      ...(sysid !== undefined && Number.isInteger(sysid) ? { vehicleSysid: sysid } : {}),
      details,
      at: new Date(now).toISOString(),
    });
  }
}
