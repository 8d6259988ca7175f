import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import { TlogRecorder } from '../../../firmware-bridge/tlog/writer.js';
import { parseTlog, readTlog } from '../../../firmware-bridge/tlog/reader.js';
import { gcsOnUdp, until, vehicleOnUdp } from '../helpers/links.js';
import { globalPosition } from '../helpers/telemetry.js';

const open: MavlinkLink[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

describe('tlog recorder', () => {
  it('records every packet in both directions, exactly as carried, readable by the replay reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-tlog-'));
    const gcs = await gcsOnUdp({ heartbeat: false });
    const vehicle = await vehicleOnUdp(gcs.port, { heartbeat: false });
    open.push(gcs.link, vehicle);
    const rec = new TlogRecorder(gcs.link, join(dir, 'flight.tlog'));
    const sentByVehicle: Buffer[] = [];
    vehicle.onTraffic((d, raw) => d === 'tx' && sentByVehicle.push(Buffer.from(raw)));
    for (let i = 0; i < 50; i++) await vehicle.send(globalPosition(i));
    await until(() => gcs.link.stats().rxPackets === 50);
    await gcs.link.send(globalPosition(99), 1);
    await rec.close();
    const before = Date.now() * 1000;
    const entries = [];
    for await (const e of readTlog(join(dir, 'flight.tlog'))) entries.push(e);
    expect(entries).toHaveLength(51);
    expect(entries.slice(0, 50).map((e) => Buffer.from(e.frame.raw))).toEqual(sentByVehicle);
    expect(entries[50]!.frame).toMatchObject({ sysid: 255, compid: 190 });
    const ts = entries.map((e) => Number(e.timestampUs));
    expect(ts.every((t, i) => i === 0 || t >= ts[i - 1]!)).toBe(true);
    expect(ts[50]!).toBeLessThanOrEqual(before);
  });

  it('reports a truncated file with a typed error instead of guessing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-tlog-'));
    const path = join(dir, 'cut.tlog');
    const whole = readFileSync(join(import.meta.dirname, '../../../../shared/px4/mission-roundtrip.tlog')).subarray(0, 5000);
    writeFileSync(path, whole);
    const read = async () => {
      for await (const _ of readTlog(path)) void _;
    };
    await expect(read()).rejects.toMatchObject({ code: 'TLOG_TRUNCATED' });
    expect(() => [...parseTlog(whole)]).toThrow(/cut short/);
  });
});
