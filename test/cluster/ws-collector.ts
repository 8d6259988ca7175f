/** A websocket client of one instance that records every event per vehicle and which vehicles it saw telemetry of. */
import WebSocket from 'ws';
import { TOKEN } from './rig.js';

export interface Collector {
  /** Per vehicle: the alert and delivery events in arrival order, as the JSON text of their payload. */
  events: Map<string, string[]>;
  telemetry: Set<string>;
  /** Telemetry messages per vehicle (to see a stream resume). */
  telemetryCount: Map<string, number>;
  /** Per vehicle: when each of `events` arrived (Date.now()). */
  eventAt: Map<string, number[]>;
  /** Telemetry for a vehicle must never go back in time (per-vehicle order). */
  outOfOrder: string[];
  close(): void;
}

export async function collect(url: string): Promise<Collector> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws?token=${TOKEN}`);
  const c: Collector = { events: new Map(), telemetry: new Set(), telemetryCount: new Map(), eventAt: new Map(), outOfOrder: [], close: () => ws.terminate() };
  const lastAt = new Map<string, number>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { type: string; vehicle?: string; vehicles?: Record<string, { lastPositionAtMs?: number; updatedAtMs?: number }> } & Record<string, unknown>;
    if (m.type === 'alert' || m.type === 'delivery') {
      if (!m.vehicle) return; // creation events name no vehicle yet: no per-vehicle order to compare
      const list = c.events.get(m.vehicle) ?? [];
      list.push(JSON.stringify(m));
      c.events.set(m.vehicle, list);
      c.eventAt.set(m.vehicle, [...(c.eventAt.get(m.vehicle) ?? []), Date.now()]);
    }
    if (m.type === 'telemetry') {
      for (const [id, v] of Object.entries(m.vehicles ?? {})) {
        c.telemetry.add(id);
        c.telemetryCount.set(id, (c.telemetryCount.get(id) ?? 0) + 1);
        const t = (v as { updatedAtMs?: number }).updatedAtMs;
        if (typeof t === 'number') {
          if (t < (lastAt.get(id) ?? -Infinity)) c.outOfOrder.push(`${id}: ${t} after ${lastAt.get(id)}`);
          lastAt.set(id, t);
        }
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['telemetry', 'alerts', 'deliveries'] }));
  return c;
}

/** A vehicle's events that arrived after `sinceMs` (so clients connected at slightly different times compare alike). */
export const eventsSince = (c: Collector, vehicle: string, sinceMs: number): string[] => (c.events.get(vehicle) ?? []).filter((_, k) => c.eventAt.get(vehicle)![k]! > sinceMs);
