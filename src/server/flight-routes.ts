/**
 * Stored flights: /api/flights (list), …/track (the stored track), …/tlog (the link's recording) and
 * …/replay — the flight from its tlog with its plan, corridor, rally points and the alerts raised
 * for the vehicle meanwhile, for the map's replay panel.
 */
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { basename } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { z } from 'zod';
import type { StoredPlan } from '../fleet/deliveries.js';
import { flightTlog, readReplay, segmentFiles } from '../io/tlog-replay.js';
import { planGeoJson } from '../mission/geojson.js';
import type { AlertRecord, FlightRecord, Store } from '../store/store.js';
import { ApiError } from './api-error.js';
import { RESPONDED, route, type RouteDef } from './routes.js';

const Id = z.strictObject({ id: z.string().min(1).max(64) });
const ReplayQuery = z.strictObject({
  /** Seconds before the flight's start to include: a delivery's flight record starts after arming. */
  leadInS: z.coerce.number().min(0).max(600).optional(),
});

export interface FlightRouteDeps {
  store: Store;
}

/** What the map draws for a delivery's plan: the route, the corridor and fence shapes, the rally points. */
function planView(stored: StoredPlan): { route: unknown; corridor: FeatureCollection; rally: unknown[] } {
  const all = planGeoJson(stored.route, stored.plan);
  return {
    route: stored.route.geojson,
    corridor: { type: 'FeatureCollection', features: all.features.filter((f) => f.properties?.kind === 'corridor' || f.properties?.kind === 'fence') },
    rally: stored.plan.rally.points.map((p) => ({ lat: p.lat, lon: p.lon, relAltM: p.relAltM })),
  };
}

/** A flight as the API shows it: the tlog's file name, never the server's path. */
function flightView(f: FlightRecord): Omit<FlightRecord, 'tlogPath'> & { tlog: string | null } {
  const { tlogPath, ...rest } = f;
  return { ...rest, tlog: tlogPath === null ? null : basename(tlogPath) };
}

const rel = (iso: string | null, startMs: number): number | null => (iso === null ? null : Date.parse(iso) - startMs);

export function flightRoutes(d: FlightRouteDeps): RouteDef[] {
  const flight = async (id: string): Promise<FlightRecord> => {
    const f = await d.store.getFlight(id);
    if (!f) throw new ApiError('NOT_FOUND', `no flight ${id}; GET /api/flights lists them`, { id });
    return f;
  };
  return [
    route({ method: 'get', path: '/flights', permission: 'read', tag: 'flights', summary: 'Flights, newest first', handler: async () => (await d.store.listFlights({ limit: 100 })).map(flightView) }),
    route({
      method: 'get', path: '/flights/:id/track', permission: 'read', tag: 'flights', params: Id, summary: 'A flight track as a GeoJSON LineString ([lon, lat, altAmslM])',
      handler: async ({ params }) => {
        const pts = await d.store.getTrack(params.id, { maxPoints: 5000 });
        return { type: 'Feature', properties: { flightId: params.id, points: pts.length, from: pts[0]?.at, to: pts.at(-1)?.at }, geometry: { type: 'LineString', coordinates: pts.map((p) => [p.lon, p.lat, p.altAmslM]) } };
      },
    }),
    route({
      method: 'get', path: '/flights/:id/tlog', permission: 'read', tag: 'flights', params: Id, produces: 'application/octet-stream', summary: 'The .tlog of the flight’s link (standard tlog: 8-byte µs timestamp + frame): every segment the flight spans (restarts, crashes, failovers to another instance), in order, as one stream',
      handler: async ({ params, res }) => {
        const f = await d.store.getFlight(params.id);
        if (!f?.tlogPath || !existsSync(f.tlogPath)) throw new ApiError('NOT_FOUND', `flight ${params.id} has no tlog on this machine`);
        const files = segmentFiles(f.tlogPath, f.endedAt === null ? null : Date.parse(f.endedAt));
        res.setHeader('content-type', 'application/octet-stream');
        res.setHeader('content-disposition', `attachment; filename="flight-${params.id}.tlog"`);
        res.setHeader('x-elbflug-tlog-segments', String(files.length));
        const body = Readable.from(flightTlog(f.tlogPath, f.endedAt === null ? null : Date.parse(f.endedAt)));
        // headers are sent by now: a read error can only cut the stream short
        body.on('error', () => res.destroy());
        body.pipe(res);
        return RESPONDED;
      },
    }),
    route({
      method: 'get', path: '/flights/:id/replay', permission: 'read', tag: 'flights', params: Id, query: ReplayQuery,
      summary: 'Replay a flight from its tlog: samples (≤ 10 Hz), events (modes, arming, status texts, items reached), the delivery and its plan (route, corridor, rally), the vehicle’s alerts; times in ms from the flight’s start',
      handler: async ({ params, query }) => {
        const f = await flight(params.id);
        if (!f.tlogPath) throw new ApiError('NOT_FOUND', `flight ${f.id} has no tlog recorded (the link was not recorded), so it cannot be replayed`, { id: f.id });
        if (!existsSync(f.tlogPath)) throw new ApiError('NOT_FOUND', `the tlog of flight ${f.id} (${basename(f.tlogPath)}) is not on this machine any more, so it cannot be replayed`, { id: f.id, tlog: basename(f.tlogPath) });
        if (f.vehicleSysid === null) throw new ApiError('NOT_FOUND', `flight ${f.id} names no vehicle system id, so its vehicle cannot be picked out of the tlog`, { id: f.id });
        const startMs = Date.parse(f.startedAt);
        const endMs = f.endedAt === null ? null : Date.parse(f.endedAt);
        const leadInMs = (query.leadInS ?? 0) * 1000;
        const replay = await readReplay(f.tlogPath, { sysid: f.vehicleSysid, startMs, endMs, leadInMs });
        const rec = f.deliveryId ? await d.store.getDelivery(f.deliveryId) : undefined;
        const alerts: AlertRecord[] = await d.store.listAlerts({
          ...(f.vehicleId !== null ? { vehicleId: f.vehicleId } : { vehicleSysid: f.vehicleSysid }),
          since: new Date(startMs - leadInMs).toISOString(),
          ...(endMs !== null ? { until: new Date(endMs + 1).toISOString() } : {}),
          limit: 1000,
        });
        return {
          flight: flightView(f),
          leadInMs,
          delivery: rec ? { id: rec.id, state: rec.state, transitions: rec.transitions.map((t) => ({ ...t, tMs: rel(t.at, startMs) })) } : null,
          plan: rec?.plan ? planView(rec.plan as unknown as StoredPlan) : null,
          alerts: alerts.reverse().map((a) => ({ ...a, tMs: rel(a.at, startMs), clearedTMs: rel(a.clearedAt, startMs) })),
          samples: replay.samples,
          events: replay.events,
          skippedBytes: replay.skippedBytes,
        };
      },
    }),
  ];
}
