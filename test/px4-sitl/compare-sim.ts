/**
 * The real-PX4 tier's flights flown on elbflug's own simulator (sim/) through the same service, for
 * docs/px4-conformance.md: `npx tsx test/px4-sitl/compare-sim.ts`. Prints per flight the outcome,
 * flight time on the simulator's clock, landing error and cross-track error from the service's
 * track (`COMPARE_ONLY="H2 land"` for one). Not a test: it measures.
 */
import { startTestService, testConfig, waitFor } from '../service/rig.js';
import { distanceM, maxCrossTrackM } from './onboard-view.js';

const SPEED = 20;
const UKE = { lat: 53.5914, lon: 9.9767 };
const ST_GEORG = { lat: 53.5592, lon: 10.0181 };
const ELBE = { from: { lat: 53.537, lon: 9.942 }, to: { lat: 53.547, lon: 9.936 } };

interface Flight {
  name: string;
  home: { lat: number; lon: number };
  body: Record<string, unknown>;
  end: { lat: number; lon: number };
  final: string[];
}

const FLIGHTS: Flight[] = [
  { name: 'H2 land', home: UKE, body: { from: UKE, to: ST_GEORG, consents: ['HHH01', 'HHH02'], mode: 'land' }, end: ST_GEORG, final: ['delivered', 'failed'] },
  { name: 'H2 drop-and-return', home: UKE, body: { from: UKE, to: ST_GEORG, consents: ['HHH01', 'HHH02'], mode: 'drop-and-return' }, end: UKE, final: ['returned', 'failed'] },
  { name: 'Elbe crossing (105 m)', home: ELBE.from, body: { ...ELBE, mode: 'land' }, end: ELBE.to, final: ['delivered', 'failed'] },
];

async function fly(f: Flight): Promise<string> {
  const svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 1, speed: SPEED, home: { lat: f.home.lat, lon: f.home.lon, altAmslM: 10 } } }));
  try {
    const d = (await (await svc.api('/deliveries', { method: 'POST', body: JSON.stringify({ departAt: new Date().toISOString(), ...f.body }) })).json()) as { id: string };
    const t0 = Date.now();
    const res = await svc.api(`/deliveries/${d.id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle: 'sim/1' }) });
    if (res.status !== 200) return `${f.name}: launch refused ${await res.text()}`;
    const done = await waitFor(f.name, async () => {
      const r = (await (await svc.api(`/deliveries/${d.id}`)).json()) as { state: string; transitions: { cause: string }[] };
      return f.final.includes(r.state) ? r : undefined;
    }, 600_000);
    const wallS = (Date.now() - t0) / 1000;
    const flights = (await (await svc.api('/flights')).json()) as { id: string; deliveryId: string }[];
    const track = (await (await svc.api(`/flights/${flights.find((x) => x.deliveryId === d.id)!.id}/track`)).json()) as { geometry: { coordinates: number[][] } };
    const pts = track.geometry.coordinates.map(([lon, lat, alt]) => ({ lat: lat!, lon: lon!, relAltM: (alt ?? 10) - 10 }));
    const last = pts.at(-1)!;
    const xt = f.body.from === UKE && f.name === 'H2 land' ? `, max cross-track ${maxCrossTrackM(pts, UKE, ST_GEORG).toFixed(1)} m` : '';
    const maxAlt = Math.max(...pts.map((p) => p.relAltM));
    return `${f.name}: ${done.state} (${done.transitions.at(-1)!.cause}); ≈ ${(wallS * SPEED).toFixed(0)} s sim, landing error ${distanceM(last, f.end).toFixed(1)} m${xt}, max height ${maxAlt.toFixed(1)} m`;
  } finally {
    await svc.close();
  }
}

const out: string[] = [];
const only = process.env.COMPARE_ONLY; // e.g. "H2 land"
for (const f of FLIGHTS) if (!only || f.name.startsWith(only)) out.push(await fly(f));
console.log(out.join('\n'));
