/**
 * GET /api/flights/{id}/tlog serves the whole flight (issue 12): a flight that continued across a
 * restart (here: two segments on disk, the first cut mid-record as kill -9 leaves it) comes back as
 * one valid tlog stream — every record of both segments in order, no partial record, nothing of
 * another link or of a segment that began after the flight ended.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import type { Frame } from '../../firmware-bridge/codec/frame.js';
import { TlogScanner } from '../../src/flights/replay.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';
import { startTestService, testConfig, VIEWER } from '../service/rig.js';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: false, vehicles: 0 } }));
});
afterAll(async () => {
  await svc?.close();
});

const enc = new Encoder({ sysid: 1, compid: 1 });
/** `n` tlog records with timestamps from `t0Us`, each a heartbeat whose custom mode is its number. */
function records(t0Us: bigint, from: number, n: number): Buffer {
  return Buffer.concat(
    Array.from({ length: n }, (_, i) => {
      const frame = enc.encode(heartbeat(from + i));
      const ts = Buffer.alloc(8);
      ts.writeBigUInt64BE(t0Us + BigInt(i) * 1000n);
      return Buffer.concat([ts, frame]);
    }),
  );
}
const us = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

describe('GET /api/flights/{id}/tlog across restarts', () => {
  it('concatenates every segment of the flight in order into one valid tlog, dropping a crash’s partial record', async () => {
    const dir = join(svc.config.dataDir, 'tlogs');
    mkdirSync(dir, { recursive: true });
    const first = join(dir, 'radio-2026-12-07T10-00-00-000Z.tlog');
    const cut = records(us('2026-12-07T10:04:00Z'), 99, 1).subarray(0, 15); // kill -9 mid-record
    writeFileSync(first, Buffer.concat([records(us('2026-12-07T10:01:00Z'), 0, 40), cut]));
    writeFileSync(join(dir, 'radio-2026-12-07T10-05-00-000Z.tlog'), records(us('2026-12-07T10:05:01Z'), 40, 25));
    writeFileSync(join(dir, 'radio-2026-12-07T11-00-00-000Z.tlog'), records(us('2026-12-07T11:00:01Z'), 500, 5)); // after the flight
    writeFileSync(join(dir, 'other-2026-12-07T10-03-00-000Z.tlog'), records(us('2026-12-07T10:03:01Z'), 700, 5)); // another link
    const f = await svc.store.startFlight({ vehicleId: 'radio/1', vehicleSysid: 1, tlogPath: first, startedAt: '2026-12-07T10:01:00.000Z' });
    await svc.store.endFlight(f.id, '2026-12-07T10:08:00.000Z');

    const res = await svc.api(`/flights/${f.id}/tlog`, { token: VIEWER });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const body = Buffer.from(await res.arrayBuffer());
    const scanner = new TlogScanner();
    const got: { ts: bigint; frame: Frame }[] = [];
    scanner.push(body, (ts, frame) => got.push({ ts, frame }));
    scanner.end((ts, frame) => got.push({ ts, frame }));
    expect(scanner.skippedBytes).toBe(0);
    expect(got).toHaveLength(65);
    // custom modes 0..64 in order: both segments, nothing else
    expect(got.map((r) => r.frame.payload.readUInt32LE(0))).toEqual(Array.from({ length: 65 }, (_, i) => i));
    expect(got.every((r, i) => i === 0 || r.ts > got[i - 1]!.ts)).toBe(true);
    expect(body.length).toBe(got.reduce((n, r) => n + 8 + r.frame.raw.length, 0));
  });

  it('a flight still flying gets every later segment of its link; an unknown flight is a JSON 404', async () => {
    const dir = join(svc.config.dataDir, 'tlogs2');
    mkdirSync(dir, { recursive: true });
    const first = join(dir, 'sim-2026-12-08T09-00-00-000Z.tlog');
    writeFileSync(first, records(us('2026-12-08T09:00:01Z'), 0, 3));
    writeFileSync(join(dir, 'sim-2026-12-08T09-30-00-000Z.tlog'), records(us('2026-12-08T09:30:01Z'), 3, 4));
    const f = await svc.store.startFlight({ vehicleId: 'sim/1', vehicleSysid: 1, tlogPath: first, startedAt: '2026-12-08T09:00:00.000Z' });
    const body = Buffer.from(await (await svc.api(`/flights/${f.id}/tlog`)).arrayBuffer());
    const modes: number[] = [];
    new TlogScanner().push(body, (_ts, frame) => modes.push(frame.payload.readUInt32LE(0)));
    expect(modes).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const missing = await svc.api('/flights/no-such-flight/tlog');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('NOT_FOUND');
  });
});
