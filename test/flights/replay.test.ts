/**
 * Replay extraction on the recorded PX4 1.16 SITL logs in ../shared/px4 (README there): the
 * delivery flight and the RTL flight, one vehicle picked out of a shared link, a flight window,
 * chunked input, and logs that were cut short or damaged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { x25, x25Byte } from '../../firmware-bridge/codec/crc.js';
import { crcExtra } from '../../firmware-bridge/codec/dialect.js';
import { extractReplay, type Replay, type ReplayWindow } from '../../src/flights/replay.js';

const PX4 = join(import.meta.dirname, '../../../shared/px4');
const DELIVERY = readFileSync(join(PX4, 'delivery-flight.tlog'));
const RTL = readFileSync(join(PX4, 'rtl.tlog'));
const startOf = (buf: Buffer): number => Number(buf.readBigUInt64BE(0) / 1000n);
const whole = (buf: Buffer, over: Partial<ReplayWindow> = {}): Replay => extractReplay([buf], { sysid: 1, startMs: startOf(buf), endMs: null, ...over });
const distinct = <T>(xs: readonly T[]): T[] => xs.filter((x, i) => i === 0 || x !== xs[i - 1]);

/** Split a tlog into its records (every record in these logs is whole and valid). */
function records(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; ) {
    const len = buf[i + 8] === 0xfd ? 12 + buf[i + 9]! + (buf[i + 10]! & 1 ? 13 : 0) : 8 + buf[i + 9]!;
    out.push(buf.subarray(i, i + 8 + len));
    i += 8 + len;
  }
  return out;
}

/** The same record from another system id (MAVLink 2: sysid at byte 5, CRC over the header and payload + CRC_EXTRA). */
function withSysid(rec: Buffer, sysid: number, shiftUs: bigint): Buffer {
  const r = Buffer.from(rec);
  r.writeBigUInt64BE(r.readBigUInt64BE(0) + shiftUs, 0);
  const f = r.subarray(8);
  if (f[5] !== 1) return r;
  f[5] = sysid;
  const end = 10 + f[1]!;
  const msgid = f[7]! | (f[8]! << 8) | (f[9]! << 16);
  f.writeUInt16LE(x25Byte(x25(f, 1, end), crcExtra(msgid)), end);
  return r;
}

describe('replay of delivery-flight.tlog', () => {
  const r = whole(DELIVERY);

  it('samples at most 10 Hz, in time order, over the whole flight', () => {
    expect(r.skippedBytes).toBe(0);
    expect(r.samples.length).toBeGreaterThan(1900); // 212 s of position at 50 Hz → ~10 Hz
    const gaps = r.samples.slice(1).map((s, i) => s.tMs - r.samples[i]!.tMs);
    expect(Math.min(...gaps.slice(0, -1))).toBeGreaterThanOrEqual(100);
    expect(Math.min(...gaps)).toBeGreaterThan(0);
    expect(r.samples.at(-1)!.tMs).toBeGreaterThan(210_000);
  });

  it('climbs to 60 m, flies north-east and lands where the README says', () => {
    const alts = r.samples.map((s) => s.relAltM);
    expect(Math.max(...alts)).toBeGreaterThan(59);
    expect(Math.max(...alts)).toBeLessThan(62);
    expect(Math.abs(r.samples[0]!.relAltM)).toBeLessThan(1);
    const last = r.samples.at(-1)!;
    expect(Math.abs(last.relAltM)).toBeLessThan(1);
    expect(last.lat).toBeCloseTo(53.5585, 3); // HOME_POSITION moved to 53.5584965 / 10.0000055 after landing
    expect(last.lon).toBeCloseTo(10.0, 3);
    const fastest = Math.max(...r.samples.map((s) => s.groundSpeedMps ?? 0));
    expect(fastest).toBeGreaterThan(9); // DO_CHANGE_SPEED 10 m/s on the legs
    expect(fastest).toBeLessThan(11);
    expect(r.samples.every((s) => s.headingDeg !== null && s.batteryPct !== null)).toBe(true);
  });

  it('modes Hold → Mission (PX4 stays in Mission after landing), armed then disarmed', () => {
    expect(distinct(r.samples.map((s) => s.mode))).toEqual(['Hold', 'Mission']);
    expect(distinct(r.samples.map((s) => s.armed))).toEqual([false, true, false]);
    expect(r.events.filter((e) => e.kind === 'mode')).toMatchObject([{ mode: 'Mission', from: 'Hold' }]);
  });

  it('events in order: armed, Mission, takeoff, items 0–6 each once, landing, disarmed', () => {
    const kinds = r.events.map((e) => (e.kind === 'reached' ? `reached ${e.seq}` : e.kind === 'statustext' ? e.text : e.kind));
    expect(kinds).toEqual([
      'Armed by external command', 'armed', 'Executing Mission', 'Climb to 40.0 meters above home', 'mode', 'Takeoff detected',
      'reached 0', 'reached 1', 'reached 2', 'reached 3', 'reached 4', 'reached 5',
      'Landing detected', 'reached 6', 'Mission finished, landed', 'Disarmed by landing', 'disarmed',
    ]);
    const ts = r.events.map((e) => e.tMs);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    // README: MISSION_ITEM_REACHED 2 at t = 69.781 s, the log starting at t ≈ 0.7 s
    const reached2 = r.events.find((e) => e.kind === 'reached' && e.seq === 2)!;
    expect(reached2.tMs).toBeGreaterThan(68_000);
    expect(reached2.tMs).toBeLessThan(70_000);
  });

  it('the same replay from small chunks as from the whole file', () => {
    const chunks: Buffer[] = [];
    for (let i = 0; i < DELIVERY.length; i += 4097) chunks.push(DELIVERY.subarray(i, i + 4097));
    expect(extractReplay(chunks, { sysid: 1, startMs: startOf(DELIVERY), endMs: null })).toEqual(r);
  });
});

describe('replay of rtl.tlog', () => {
  it('modes Hold → Takeoff → Hold → RTL → Hold, back to home', () => {
    const r = whole(RTL);
    expect(distinct(r.samples.map((s) => s.mode))).toEqual(['Hold', 'Takeoff', 'Hold', 'RTL', 'Hold']);
    expect(r.events.filter((e) => e.kind === 'statustext').map((e) => e.text)).toContain('RTL: start return at 40 m (30 m above destination)');
    const last = r.samples.at(-1)!;
    expect(last.lat).toBeCloseTo(53.5508, 4);
    expect(last.lon).toBeCloseTo(9.9925, 4);
  });
});

describe('one vehicle out of a shared link', () => {
  // delivery-flight as sysid 1 and rtl as sysid 2, starting together: one link, two vehicles, one GCS.
  const shift = DELIVERY.readBigUInt64BE(0) - RTL.readBigUInt64BE(0);
  const merged = Buffer.concat(
    [...records(DELIVERY), ...records(RTL).map((rec) => withSysid(rec, 2, shift))].sort((a, b) => (a.readBigUInt64BE(0) < b.readBigUInt64BE(0) ? -1 : 1)),
  );

  it('each sysid gets only its own flight', () => {
    const one = whole(merged, { sysid: 1 });
    const two = whole(merged, { sysid: 2 });
    expect(one.skippedBytes).toBe(0);
    expect(one.samples).toEqual(whole(DELIVERY).samples);
    expect(one.events).toEqual(whole(DELIVERY).events);
    expect(distinct(two.samples.map((s) => s.mode))).toEqual(['Hold', 'Takeoff', 'Hold', 'RTL', 'Hold']);
    expect(Math.max(...two.samples.map((s) => s.relAltM))).toBeLessThan(32);
  });

  it('the GCS (255) and an absent sysid give an empty replay', () => {
    for (const sysid of [255, 3]) {
      const r = whole(merged, { sysid });
      expect(r).toMatchObject({ samples: [], events: [], records: sysid === 255 ? expect.any(Number) : 0 });
    }
  });
});

describe('a flight window inside the log', () => {
  const t0 = startOf(DELIVERY);
  const r = whole(DELIVERY, { startMs: t0 + 60_000, endMs: t0 + 120_000 });

  it('samples only between start and end, with mode and arming known from before the start', () => {
    expect(r.samples[0]!.tMs).toBeGreaterThanOrEqual(0);
    expect(r.samples[0]!.tMs).toBeLessThan(200);
    expect(r.samples.at(-1)!.tMs).toBeLessThanOrEqual(60_000);
    expect(r.samples.at(-1)!.tMs).toBeGreaterThan(59_800);
    expect(r.samples[0]).toMatchObject({ mode: 'Mission', armed: true });
    expect(r.samples[0]!.relAltM).toBeGreaterThan(50);
  });

  it('only the events inside: items 2 and 3 reached (not PX4’s repeats of item 1), no arming', () => {
    expect(r.events.map((e) => e.kind === 'reached' && e.seq)).toEqual([2, 3]);
  });

  it('a lead-in replays the seconds before the start with negative times', () => {
    const led = whole(DELIVERY, { startMs: t0 + 10_000, endMs: t0 + 20_000, leadInMs: 5_000 });
    expect(led.samples[0]!.tMs).toBeLessThan(-4_800);
    expect(led.samples[0]!.tMs).toBeGreaterThanOrEqual(-5_000);
    expect(led.events.find((e) => e.kind === 'armed')?.tMs).toBeLessThan(0); // armed at 7.2 s, the window starts at 10 s
  });
});

describe('damaged logs keep what decodes', () => {
  const full = whole(DELIVERY);

  it('a log cut inside a record: the records before the cut, the cut-off bytes counted', () => {
    const recs = records(DELIVERY);
    const keep = recs.slice(0, 40_000);
    const cut = Buffer.concat([...keep, recs[40_000]!.subarray(0, 17)]);
    const r = whole(cut);
    expect(r.skippedBytes).toBe(17);
    const lastT = r.samples.at(-1)!.tMs;
    expect(lastT).toBeGreaterThan(90_000);
    expect(r.samples.slice(0, -1)).toEqual(full.samples.filter((s) => s.tMs < lastT).slice(0, r.samples.length - 1));
  });

  it('garbage in the middle is skipped and replay resumes behind it', () => {
    const bad = Buffer.from(DELIVERY);
    const at = Math.floor(bad.length / 2);
    for (let i = 0; i < 5000; i++) bad[at + i] = (i * 151 + 7) & 0xff;
    const r = whole(bad);
    expect(r.skippedBytes).toBeGreaterThanOrEqual(5000);
    expect(r.skippedBytes).toBeLessThan(5000 + 600); // plus the records the garbage cut into
    expect(r.samples.at(-1)).toEqual(full.samples.at(-1));
    expect(r.samples.length).toBeGreaterThan(full.samples.length - 10);
    expect(r.events.map((e) => e.text)).toEqual(full.events.map((e) => e.text));
  });

  it('bytes that are no tlog at all give an empty replay, not an error', () => {
    const text = Buffer.from('this is not a tlog, just text that someone uploaded by mistake\n'.repeat(20));
    const r = whole(text, { startMs: 0 });
    expect(r.samples).toEqual([]);
    expect(r.skippedBytes).toBe(text.length);
  });
});
