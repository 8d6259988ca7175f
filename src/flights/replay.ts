/**
 * Flight replay from a tlog, pure (no I/O): tlog bytes → records → one vehicle's VehicleState (the
 * firmware-bridge reducer, so PX4 modes, STATUSTEXT reassembly and reached items decode exactly as
 * they do live) → samples at ≤ 10 Hz and the events of the flight. A tlog holds everything its link
 * carried (several vehicles and the GCS), so records are filtered by sysid before decoding.
 * The file is read at the edge (src/io/tlog-replay.ts), chunk by chunk.
 */
import { decodeFrame } from '../../firmware-bridge/codec/decode.js';
import { messageName } from '../../firmware-bridge/codec/dialect.js';
import { FrameScanner, IFLAG_SIGNED, STX_V1, STX_V2, type Frame } from '../../firmware-bridge/codec/frame.js';
import { initialVehicleState, reduceVehicleState, type VehicleState } from '../../firmware-bridge/vehicle/state.js';
import type { SeverityName } from '../../firmware-bridge/vehicle/statustext.js';

export interface ReplaySample {
  /** Milliseconds from the flight's start (negative during a lead-in). */
  tMs: number;
  lat: number;
  lon: number;
  relAltM: number;
  headingDeg: number | null;
  groundSpeedMps: number | null;
  /** PX4 mode name ("Mission", "RTL", …), null before the first HEARTBEAT. */
  mode: string | null;
  armed: boolean;
  batteryPct: number | null;
}

export type ReplayEvent = { tMs: number; text: string } & (
  | { kind: 'mode'; mode: string; from: string }
  | { kind: 'armed' }
  | { kind: 'disarmed' }
  | { kind: 'statustext'; severity: SeverityName }
  | { kind: 'reached'; seq: number }
);

export interface ReplayWindow {
  sysid: number;
  /** The flight's start and end, ms since the epoch (tlog timestamps are wall-clock µs); null end = to the end of the log. */
  startMs: number;
  endMs: number | null;
  /** Also replay this long before the start (e.g. arming, which comes before a delivery's flight record). Default 0. */
  leadInMs?: number;
  /** Samples per second at most (default 10). */
  maxHz?: number;
}

export interface Replay {
  sysid: number;
  samples: ReplaySample[];
  events: ReplayEvent[];
  /** Bytes of the log that were not part of a valid record (corruption, a cut-off tail). */
  skippedBytes: number;
  /** Records of this vehicle inside the window. */
  records: number;
}

// ── tolerant tlog framing ───────────────────────────────────────────────────

/** Length of the frame whose start byte is buf[i]; 0 = no start byte there; -1 = header not complete yet. */
function frameLength(buf: Uint8Array, i: number): number {
  const stx = buf[i];
  if (stx === STX_V2) return buf.length - i < 3 ? -1 : 12 + buf[i + 1]! + (buf[i + 2]! & IFLAG_SIGNED ? 13 : 0);
  if (stx === STX_V1) return buf.length - i < 2 ? -1 : 8 + buf[i + 1]!;
  return 0;
}

/**
 * Incremental tlog reader that keeps what decodes: a record is an 8-byte big-endian µs timestamp and
 * one frame that passes the framer. Bytes that are not a record are skipped one at a time until a
 * record starts again (after such a gap only CRC-checked frames count, so garbage cannot resync on
 * a frame of an unknown id), and counted in `skippedBytes`, as is a cut-off tail.
 */
export class TlogScanner {
  skippedBytes = 0;
  private carry: Uint8Array = new Uint8Array(0);
  private resyncing = false;
  private readonly framer = new FrameScanner();

  /** Feed the next chunk; `sink` gets every complete record, in file order. */
  push(chunk: Uint8Array, sink: (timestampUs: bigint, frame: Frame) => void): void {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = buf.subarray(this.scan(buf, sink, false));
  }

  /** The input ended: salvage what the tail holds, count the rest as skipped. */
  end(sink: (timestampUs: bigint, frame: Frame) => void): void {
    const tail = this.carry;
    this.carry = new Uint8Array(0);
    this.scan(tail, sink, true);
  }

  /** Returns the offset up to which `buf` is consumed. */
  private scan(buf: Uint8Array, sink: (timestampUs: bigint, frame: Frame) => void, final: boolean): number {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let i = 0;
    while (i < buf.length) {
      const len = buf.length - i >= 9 ? frameLength(buf, i + 8) : -1;
      if (len < 0 || (len > 0 && i + 8 + len > buf.length)) {
        if (!final) return i; // wait for more bytes
        if (buf.length - i < 9) {
          this.skippedBytes += buf.length - i;
          return buf.length;
        }
      }
      const frame = len > 0 && i + 8 + len <= buf.length ? this.frameAt(buf.subarray(i + 8, i + 8 + len)) : undefined;
      if (!frame || (this.resyncing && !frame.crcChecked)) {
        this.skippedBytes++;
        this.resyncing = true;
        i++;
        continue;
      }
      this.resyncing = false;
      sink(view.getBigUint64(i), frame);
      i += 8 + len;
    }
    return i;
  }

  private frameAt(bytes: Uint8Array): Frame | undefined {
    let got: Frame | undefined;
    this.framer.reset();
    this.framer.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (f) => (got ??= f));
    return got && got.raw.length === bytes.length ? got : undefined;
  }
}

// ── replay ──────────────────────────────────────────────────────────────────

/**
 * Before the window only what the first sample needs is folded in (mode, arming, battery, mission
 * progress), so a long log is not decoded in full: HEARTBEAT, SYS_STATUS, MISSION_CURRENT,
 * MISSION_ITEM_REACHED (PX4 repeats the last one for 10 s: it must not count as new), BATTERY_STATUS,
 * HOME_POSITION, EXTENDED_SYS_STATE.
 */
const BEFORE_WINDOW = new Set([0, 1, 42, 46, 147, 242, 245]);
const GLOBAL_POSITION_INT = 33;
/** In the window also positions and STATUSTEXT; the 50 Hz attitude/target streams change nothing a replay shows. */
const IN_WINDOW = new Set([...BEFORE_WINDOW, GLOBAL_POSITION_INT, 253]);

/** Folds one vehicle's records into samples and events; feed records in file order. */
export class ReplayBuilder {
  private state: VehicleState;
  private readonly fromMs: number;
  private readonly periodMs: number;
  private readonly samples: ReplaySample[] = [];
  private readonly events: ReplayEvent[] = [];
  private lastSampleMs = -Infinity;
  private lastPosition: { atMs: number; state: VehicleState } | undefined;
  private records = 0;
  /** True once a record past the window's end arrived: the caller may stop reading. */
  done = false;

  constructor(private readonly w: ReplayWindow) {
    this.state = initialVehicleState(w.sysid);
    this.fromMs = w.startMs - Math.max(0, w.leadInMs ?? 0);
    this.periodMs = 1000 / Math.min(Math.max(w.maxHz ?? 10, 0.01), 10);
  }

  /** One tlog record. */
  add(timestampUs: bigint, frame: Frame): void {
    if (frame.sysid !== this.w.sysid || this.done) return;
    const atMs = Number(timestampUs / 1000n);
    if (atMs >= this.fromMs && (this.w.endMs === null || atMs <= this.w.endMs)) this.records++;
    if (this.w.endMs !== null && atMs > this.w.endMs) {
      this.done = true;
      return;
    }
    const inWindow = atMs >= this.fromMs;
    if (!(inWindow ? IN_WINDOW : BEFORE_WINDOW).has(frame.msgid)) return;
    const prev = this.state;
    const next = reduceVehicleState(prev, { frame, name: messageName(frame.msgid), data: decodeFrame(frame) }, atMs);
    this.state = next;
    if (!inWindow) return;
    if (next !== prev) this.diff(prev, next, atMs);
    if (frame.msgid === GLOBAL_POSITION_INT && next.position) {
      this.lastPosition = { atMs, state: next };
      if (atMs - this.lastSampleMs >= this.periodMs) this.sample(atMs, next);
    }
  }

  finish(skippedBytes: number): Replay {
    // The last position, even when it came within a period of the previous sample: a replay ends where the vehicle did.
    const last = this.lastPosition;
    if (last && last.atMs !== this.lastSampleMs) this.sample(last.atMs, last.state);
    return { sysid: this.w.sysid, samples: this.samples, events: this.events, skippedBytes, records: this.records };
  }

  private t(atMs: number): number {
    return Math.round(atMs - this.w.startMs);
  }

  private sample(atMs: number, s: VehicleState): void {
    const p = s.position!;
    this.lastSampleMs = atMs;
    this.samples.push({
      tMs: this.t(atMs),
      lat: p.lat,
      lon: p.lon,
      relAltM: Math.round(p.relAltM * 100) / 100,
      headingDeg: s.headingDeg ?? null,
      groundSpeedMps: s.velocity ? Math.round(s.velocity.groundSpeedMps * 100) / 100 : null,
      mode: s.flightMode ?? null,
      armed: s.armed,
      batteryPct: s.battery?.remainingPct ?? null,
    });
  }

  /** Changes only: a mode or arming state known before the window is the samples' business, not an event. */
  private diff(prev: VehicleState, next: VehicleState, atMs: number): void {
    const tMs = this.t(atMs);
    if (prev.flightMode !== undefined && next.flightMode !== undefined && next.flightMode !== prev.flightMode) {
      this.events.push({ tMs, kind: 'mode', mode: next.flightMode, from: prev.flightMode, text: `mode ${prev.flightMode} → ${next.flightMode}` });
    }
    if (prev.connected && next.armed !== prev.armed) this.events.push(next.armed ? { tMs, kind: 'armed', text: 'armed' } : { tMs, kind: 'disarmed', text: 'disarmed' });
    if (next.statusTexts !== prev.statusTexts) {
      for (const e of next.statusTexts.recent) {
        if (e.serial >= prev.statusTexts.nextSerial) this.events.push({ tMs: this.t(e.atMs), kind: 'statustext', severity: e.severityName, text: e.text });
      }
    }
    if (next.lastReachedSeq !== undefined && next.lastReachedSeq !== prev.lastReachedSeq) {
      this.events.push({ tMs, kind: 'reached', seq: next.lastReachedSeq, text: `mission item ${next.lastReachedSeq} reached` });
    }
  }
}

/**
 * Replay of one vehicle from tlog bytes (whole or in chunks).
 * @example
 * const r = extractReplay([readFileSync('flight.tlog')], { sysid: 1, startMs: Date.parse(f.startedAt), endMs: null });
 * r.samples.at(-1); r.events.filter((e) => e.kind === 'mode');
 */
export function extractReplay(chunks: Iterable<Uint8Array>, w: ReplayWindow): Replay {
  const scanner = new TlogScanner();
  const builder = new ReplayBuilder(w);
  const sink = (ts: bigint, f: Frame): void => builder.add(ts, f);
  for (const c of chunks) {
    scanner.push(c, sink);
    if (builder.done) return builder.finish(scanner.skippedBytes);
  }
  scanner.end(sink);
  return builder.finish(scanner.skippedBytes);
}
