/** Many vehicles, named faults at runtime (function API and HTTP), scenario files, real-time speed factor. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { common, minimal } from '../../firmware-bridge/codec/dialect.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { startFleet } from '../../sim/runtime/fleet.js';
import { loadScenario, scenarioToOptions } from '../../sim/runtime/scenario.js';
import { DELIVERY_MISSION, harness, takeoffTo, upload } from './helpers.js';

describe('fleet', () => {
  it('3 vehicles: sysids 1–3, distinct local ports, homes 5 m apart, each answers its own commands', async () => {
    const h = await harness({ vehicles: 3 });
    try {
      await h.run(6);
      const ports = h.fleet.vehicles.map((v) => v.localPort);
      expect(new Set(ports).size).toBe(3);
      expect(h.fleet.vehicles.map((v) => v.sysid)).toEqual([1, 2, 3]);
      for (const sysid of [1, 2, 3]) expect(h.of('HEARTBEAT', sysid).length).toBeGreaterThan(3);
      expect(await h.command(400, [1], { sysid: 2 })).toBe(0);
      await h.run(1.1);
      const armed = (sysid: number) => Number(h.of<minimal.Heartbeat>('HEARTBEAT', sysid).at(-1)!.data.baseMode) & 0x80;
      expect([armed(1), armed(2), armed(3)]).toEqual([0, 0x80, 0]);
      expect(await upload(h, DELIVERY_MISSION, 0, 3)).toBe(0);
      await h.run(1.2);
      expect(h.of<common.MissionCurrent>('MISSION_CURRENT', 3).at(-1)!.data.total).toBe(7);
      expect(h.of<common.MissionCurrent>('MISSION_CURRENT', 1).at(-1)!.data.total).toBe(65535);
      const s = h.fleet.status();
      expect(s[1]!.lon - s[0]!.lon).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('PX4 SITL ports by default: vehicle N binds 18570+N (basePort), sends to the GCS URL from boot on', async () => {
    const gcs = await UdpInTransport.open('127.0.0.1', 0);
    const fleet = await startFleet({ vehicles: 2, manual: true, basePort: 28570, highRateHz: 0, gcs: `udpout://127.0.0.1:${gcs.localPort}` });
    try {
      expect(fleet.vehicles.map((v) => v.localPort)).toEqual([28570, 28571]);
      const link = new MavlinkLink(gcs, { heartbeat: false });
      const seen = new Set<number>();
      link.onMessage((m) => seen.add(m.frame.sysid));
      for (let i = 0; i < 150; i++) {
        fleet.step(20);
        await new Promise((r) => setImmediate(r));
      }
      expect([...seen].sort()).toEqual([1, 2]);
      expect(gcs.knownPeers().sort()).toEqual(['127.0.0.1:28570', '127.0.0.1:28571']);
    } finally {
      await fleet.close();
      await gcs.close();
    }
  });

  it('speed factor: 20× real time moves the simulated clock ≈20 s per second', async () => {
    const gcs = await UdpInTransport.open('127.0.0.1', 0);
    const fleet = await startFleet({ speed: 20, basePort: 0, highRateHz: 0, gcs: `udpout://127.0.0.1:${gcs.localPort}` });
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(fleet.nowS()).toBeGreaterThan(6);
      expect(fleet.nowS()).toBeLessThan(14);
    } finally {
      await fleet.close();
      await gcs.close();
    }
  });
});

describe('udpin vehicles and the CLI', () => {
  it('udpin://: the vehicle listens and answers whoever spoke to it', async () => {
    const fleet = await startFleet({ vehicles: [{ gcs: 'udpin://127.0.0.1:0' }], manual: true, highRateHz: 0 });
    const { UdpOutTransport } = await import('../../firmware-bridge/transport/udp.js');
    const gcs = new MavlinkLink(await UdpOutTransport.open('127.0.0.1', fleet.vehicles[0]!.localPort), { clock: fleet.clock });
    try {
      const names = new Set<string>();
      gcs.onMessage((m) => names.add(m.name));
      for (let i = 0; i < 200; i++) {
        fleet.step(20);
        await new Promise((r) => setImmediate(r));
      }
      expect(names.has('HEARTBEAT')).toBe(true);
      expect(fleet.vehicles[0]!.status().gcsConnected).toBe(true);
    } finally {
      await fleet.close();
      await gcs.close();
    }
  });

  it('CLI: --vehicles 2 --speed 50 --duration 20 prints one status line per vehicle and exits 0', async () => {
    const { execFile } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'npx',
        ['tsx', 'sim/cli.ts', '--vehicles', '2', '--speed', '50', '--duration', '20', '--base-port', '0', '--gcs', 'udpout://127.0.0.1:9', '--high-rate', '0'],
        { cwd: join(import.meta.dirname, '../..'), timeout: 20_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    const lines = out.trim().split('\n');
    expect(lines.some((l) => /^sys {2}1 .*Hold/.test(l))).toBe(true);
    expect(lines.some((l) => /^sys {2}2 .*Hold/.test(l))).toBe(true);
  }, 25_000);
});

describe('faults at runtime', () => {
  it('neverAck: the command is executed but no COMMAND_ACK comes; clear restores ACKs', async () => {
    const h = await harness();
    try {
      await h.run(6);
      h.fleet.fault(1, { fault: 'neverAck', commands: [400] });
      expect(await h.command(400, [1], { maxS: 2 })).toBeUndefined();
      expect(h.fleet.vehicles[0]!.status().armed).toBe(true);
      expect(await h.command(176, [1, 4, 3])).toBe(0); // other commands still ACKed
      h.fleet.fault(1, { fault: 'clear' });
      expect(await h.command(400, [0])).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('packetLoss 50 %: about half of the HEARTBEATs arrive; latency 300 ms delays the ACK by ≈0.6 s round trip', async () => {
    const h = await harness();
    try {
      await h.run(3);
      h.fleet.fault('all', { fault: 'packetLoss', pct: 50 });
      const t0 = h.fleet.nowS();
      await h.run(40);
      const n = h.of('HEARTBEAT').filter((r) => r.t > t0).length;
      expect(n).toBeGreaterThan(10);
      expect(n).toBeLessThan(30);
      h.fleet.fault('all', { fault: 'packetLoss', pct: 0 });
      h.fleet.fault('all', { fault: 'latency', ms: 300 });
      const sent = h.fleet.nowS();
      expect(await h.command(176, [1, 4, 3], { maxS: 2 })).toBe(0);
      expect(h.fleet.nowS() - sent).toBeGreaterThan(0.55);
    } finally {
      await h.close();
    }
  });

  it('linkLoss in flight with NAV_DLL_ACT 2 → RTL; GPS loss in flight → Land with "Failsafe activated"', async () => {
    const h = await harness({ vehicles: 2, params: { NAV_DLL_ACT: 2 } });
    try {
      await h.run(6);
      await takeoffTo(h, 20, 1);
      await takeoffTo(h, 20, 2);
      h.fleet.fault(1, { fault: 'linkLoss', seconds: 30 });
      h.fleet.fault(2, { fault: 'gpsLoss' });
      await h.run(25, () => h.fleet.vehicles[0]!.sim.vehicle.customMode === 0x05040000);
      expect(h.fleet.vehicles[0]!.sim.vehicle.customMode).toBe(0x05040000);
      expect(h.fleet.vehicles[1]!.sim.vehicle.customMode).toBe(0x06040000);
      expect(h.texts(2).map((t) => t.text)).toContain('Failsafe activated\t');
      const gps = h.of<common.GpsRawInt>('GPS_RAW_INT', 2).at(-1)!.data;
      expect(Number(gps.fixType)).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('batteryDrop to 6 % in flight → "Critical battery" → Hold 5 s → RTL; windGust pushes the vehicle off its hold point', async () => {
    const h = await harness({ vehicles: 2 });
    try {
      await h.run(6);
      await takeoffTo(h, 20, 1);
      await takeoffTo(h, 20, 2);
      h.fleet.fault(1, { fault: 'batteryDrop', pct: 6 });
      const before = h.fleet.vehicles[1]!.status();
      h.fleet.fault(2, { fault: 'windGust', speedMps: 15, fromDeg: 270, seconds: 3 });
      await h.run(1);
      const during = h.fleet.vehicles[1]!.status();
      expect(during.lon - before.lon).toBeGreaterThan(0); // blown east by a west wind
      await h.run(7, () => h.fleet.vehicles[0]!.sim.vehicle.customMode === 0x05040000);
      const t = h.texts(1).map((x) => x.text);
      expect(t).toEqual(expect.arrayContaining(['Critical battery\t', 'Failsafe activated: entering Hold for 5 seconds\t']));
      expect(h.fleet.vehicles[0]!.sim.vehicle.customMode).toBe(0x05040000);
    } finally {
      await h.close();
    }
  });

  it('mission fault delegated to the mission server: noFinalAck (matrix #17) → plan stored, no MISSION_ACK', async () => {
    const h = await harness();
    try {
      await h.run(6);
      h.fleet.fault(1, { fault: 'mission', mode: 'noFinalAck', firstTryOnly: false });
      expect(await upload(h, DELIVERY_MISSION)).toBeUndefined();
      await h.run(1.2);
      expect(h.of<common.MissionCurrent>('MISSION_CURRENT').at(-1)!.data.total).toBe(7);
      h.fleet.fault(1, { fault: 'mission', mode: 'errorFinalAck', firstTryOnly: true });
      expect(await upload(h, DELIVERY_MISSION)).toBe(1);
      expect(await upload(h, DELIVERY_MISSION)).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('rejects an unknown fault or vehicle with a message naming the choices', async () => {
    const h = await harness();
    try {
      expect(() => h.fleet.fault(9, { fault: 'clear' })).toThrow(/no simulated vehicle with sysid 9; have 1/);
      expect(() => h.fleet.fault(1, { fault: 'nope' } as never)).toThrow();
    } finally {
      await h.close();
    }
  });
});

describe('control API and scenarios', () => {
  it('HTTP: GET /status, GET /faults, POST /fault, POST /speed, 400 with guidance on bad input', async () => {
    const gcs = await UdpInTransport.open('127.0.0.1', 0);
    const fleet = await startFleet({ vehicles: 2, speed: 5, basePort: 0, highRateHz: 0, gcs: `udpout://127.0.0.1:${gcs.localPort}`, control: { port: 0 } });
    try {
      const base = `http://127.0.0.1:${fleet.control!.port}`;
      const status = (await (await fetch(`${base}/status`)).json()) as { sysid: number; mode: string }[];
      expect(status.map((s) => [s.sysid, s.mode])).toEqual([
        [1, 'Hold'],
        [2, 'Hold'],
      ]);
      const names = (await (await fetch(`${base}/faults`)).json()) as { names: string[] };
      expect(names.names).toEqual(['linkLoss', 'packetLoss', 'latency', 'gpsLoss', 'batteryDrop', 'windGust', 'neverAck', 'mission', 'clear']);
      const ok = await fetch(`${base}/fault`, { method: 'POST', body: JSON.stringify({ vehicle: 2, fault: 'gpsLoss', seconds: 100 }) });
      expect(ok.status).toBe(200);
      expect(fleet.vehicles[1]!.sim.vehicle.s.gpsOk).toBe(false);
      expect(fleet.vehicles[0]!.sim.vehicle.s.gpsOk).toBe(true);
      const bad = await fetch(`${base}/fault`, { method: 'POST', body: JSON.stringify({ fault: 'explode' }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/use one of linkLoss/);
      const sp = await fetch(`${base}/speed`, { method: 'POST', body: JSON.stringify({ speed: 50 }) });
      expect(((await sp.json()) as { speed: number }).speed).toBe(50);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await fleet.close();
      await gcs.close();
    }
  });

  it('HTTP: POST /vehicles adds one (in line or at a position), DELETE /vehicles/<sysid> removes it; bad input says what to send', async () => {
    const gcs = await UdpInTransport.open('127.0.0.1', 0);
    const fleet = await startFleet({ vehicles: 1, speed: 5, basePort: 0, highRateHz: 0, gcs: `udpout://127.0.0.1:${gcs.localPort}`, control: { port: 0 } });
    try {
      const base = `http://127.0.0.1:${fleet.control!.port}`;
      const a = await fetch(`${base}/vehicles`, { method: 'POST' });
      expect(a.status).toBe(201);
      expect(((await a.json()) as { sysid: number }).sysid).toBe(2);
      const b = await fetch(`${base}/vehicles`, { method: 'POST', body: JSON.stringify({ lat: 53.5461, lon: 9.9661 }) });
      const added = (await b.json()) as { sysid: number; lat: number; lon: number; localPort: number };
      expect(added).toMatchObject({ sysid: 3 });
      expect(added.lat).toBeCloseTo(53.5461, 6);
      expect(added.localPort).toBeGreaterThan(0);
      const half = await fetch(`${base}/vehicles`, { method: 'POST', body: JSON.stringify({ lat: 53.5 }) });
      expect(half.status).toBe(400);
      expect(((await half.json()) as { error: string }).error).toMatch(/"lat": <deg>, "lon": <deg>/);
      expect((await (await fetch(`${base}/status`)).json() as unknown[]).length).toBe(3);
      expect((await fetch(`${base}/vehicles/2`, { method: 'DELETE' })).status).toBe(200);
      expect(((await (await fetch(`${base}/status`)).json()) as { sysid: number }[]).map((s) => s.sysid)).toEqual([1, 3]);
      const gone = await fetch(`${base}/vehicles/2`, { method: 'DELETE' });
      expect(gone.status).toBe(404);
      expect(((await gone.json()) as { error: string }).error).toMatch(/2/);
    } finally {
      await fleet.close();
      await gcs.close();
    }
  });

  it('scenario file: vehicles with homes, wind, and a fault on the timeline applied at its time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'));
    const file = join(dir, 'scenario.json');
    await writeFile(
      file,
      JSON.stringify({
        speed: 20,
        vehicles: [{ home: { lat: 53.56, lon: 10.0 } }, {}],
        wind: { speedMps: 3, fromDeg: 270 },
        faults: [{ atS: 10, vehicle: 2, fault: 'gpsLoss' }],
      }),
    );
    const opts = scenarioToOptions(await loadScenario(file));
    const h = await harness({ ...opts, manual: true });
    try {
      await h.run(9);
      expect(h.fleet.vehicles[1]!.sim.vehicle.s.gpsOk).toBe(true);
      await h.run(2);
      expect(h.fleet.vehicles[1]!.sim.vehicle.s.gpsOk).toBe(false);
      expect(h.fleet.vehicles[0]!.status().lat).toBeCloseTo(53.56, 6);
    } finally {
      await h.close();
    }
    await writeFile(file, JSON.stringify({ vehicles: 2, faults: [{ atS: 1, fault: 'nope' }] }));
    await expect(loadScenario(file)).rejects.toThrow(/scenario .* is invalid: faults.0/);
  });
});

describe('shipped scenarios', () => {
  it('every sim/scenarios/*.json validates', async () => {
    const { readdir } = await import('node:fs/promises');
    const dir = join(import.meta.dirname, '../../sim/scenarios');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) await expect(loadScenario(join(dir, f))).resolves.toBeDefined();
  });
});
