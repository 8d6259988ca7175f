/**
 * GET /api/metrics: the instance's figures in Prometheus' text format (prom-client), for a scraper
 * with a bearer token and for the cluster benchmark. Telemetry latency is a histogram — packet
 * arrival at the link's owner → frame written to every websocket client of this instance (vehicles
 * another instance owns include the NATS hop) — because histograms add up across instances; the
 * 25 ms bucket is the goal of docs/scale-out.md. Counters come from the hub's own tallies at scrape
 * time, so the hot path pays one histogram observation per vehicle entry and nothing else.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds. Fine below 50 ms (the goal is p99 ≤ 25 ms), coarse above. */
export const LATENCY_BUCKETS_S = [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5];

export interface MetricsSources {
  /** The websocket hub's tallies since start and its clients now. */
  hub: {
    counters(): { framesSent: number; bytesSent: number; slowClosed: number };
    readonly clientCount: number;
    bufferStats(): { maxBytes: number; totalBytes: number };
  };
  /** Vehicles this instance serves over its own links, and those it follows over the bus. */
  vehicles(): { own: number; remote: number };
  /** What works degraded now (e.g. the bus without JetStream). */
  degraded?(): readonly { name: string }[];
}

export interface Metrics {
  readonly contentType: string;
  /** One vehicle entry's lag, ms. */
  observeLatencyMs(ms: number): void;
  text(): Promise<string>;
}

export function createMetrics(src: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry }); // process CPU, memory, event-loop delay, GC
  const latency = new Histogram({ name: 'elbflug_telemetry_latency_seconds', help: 'Vehicle packet arrival at its link owner → telemetry frame written to every websocket client of this instance', buckets: LATENCY_BUCKETS_S, registers: [registry] });
  // Counters add what the hub's tally grew by since the last scrape (prom-client counters only `inc`).
  const counter = (name: string, help: string, read: () => number): void => {
    let seen = 0;
    new Counter({ name, help, registers: [registry], collect() {
      const now = read();
      if (now > seen) this.inc(now - seen);
      seen = now;
    } });
  };
  counter('elbflug_ws_frames_sent_total', 'Websocket frames written to clients', () => src.hub.counters().framesSent);
  counter('elbflug_ws_bytes_sent_total', 'Websocket payload bytes written to clients', () => src.hub.counters().bytesSent);
  counter('elbflug_ws_slow_clients_closed_total', 'Websocket clients closed (1013) for not reading', () => src.hub.counters().slowClosed);
  new Gauge({ name: 'elbflug_ws_clients', help: 'Websocket clients connected', registers: [registry], collect() { this.set(src.hub.clientCount); } });
  new Gauge({ name: 'elbflug_ws_pending_bytes_max', help: 'Most unsent bytes queued for one websocket client', registers: [registry], collect() { this.set(src.hub.bufferStats().maxBytes); } });
  new Gauge({
    name: 'elbflug_vehicles',
    help: 'Vehicles live: served over this instance’s links (own) or followed over the bus (remote)',
    labelNames: ['served'],
    registers: [registry],
    collect() {
      const v = src.vehicles();
      this.set({ served: 'own' }, v.own);
      this.set({ served: 'remote' }, v.remote);
    },
  });
  new Gauge({ name: 'elbflug_degraded', help: 'Parts working degraded now (1 each; /api/health says why)', labelNames: ['part'], registers: [registry], collect() {
    this.reset();
    for (const d of src.degraded?.() ?? []) this.set({ part: d.name }, 1);
  } });
  return {
    contentType: registry.contentType,
    observeLatencyMs: (ms) => latency.observe(ms / 1000),
    text: () => registry.metrics(),
  };
}
