/**
 * PX4's own view of a flight, from its onboard link (UDP 14540+N; PX4 sends there from boot on).
 * Passive: it binds the port and sends nothing. Independent of the service: it decodes frames with
 * the codec alone and keeps positions, the landed state, arming and the custom mode.
 */
import { createSocket, type Socket } from 'node:dgram';
import { common, minimal } from 'node-mavlink';
import { decodeFrame } from '../../firmware-bridge/codec/decode.js';
import { FrameScanner } from '../../firmware-bridge/codec/frame.js';

export interface OnboardSample {
  atMs: number;
  /** PX4's own clock (simulation time at PX4_SIM_SPEED_FACTOR). */
  timeBootMs: number;
  lat: number;
  lon: number;
  relAltM: number;
  groundSpeedMps: number;
}

/** PX4 custom mode: main mode in byte 2, sub mode in byte 3 (px4_custom_mode.h). */
export function px4ModeName(customMode: number): string {
  const main = (customMode >> 16) & 0xff;
  const sub = (customMode >> 24) & 0xff;
  if (main === 4) return ({ 2: 'Takeoff', 3: 'Hold', 4: 'Mission', 5: 'RTL', 6: 'Land' } as Record<number, string>)[sub] ?? `Auto.${sub}`;
  return ({ 1: 'Manual', 2: 'Altitude', 3: 'Position', 5: 'Acro', 6: 'Offboard', 7: 'Stabilized' } as Record<number, string>)[main] ?? `mode ${main}`;
}

/** HEARTBEAT, GLOBAL_POSITION_INT, EXTENDED_SYS_STATE. */
const KEPT_MSGIDS = new Set([0, 33, 245]);

export class OnboardView {
  readonly samples: OnboardSample[] = [];
  landedState: number | undefined;
  armed = false;
  everArmed = false;
  everAirborne = false;
  mode = '';
  readonly modes: string[] = [];
  private readonly scanner = new FrameScanner();

  private constructor(
    private readonly socket: Socket,
    readonly sysid: number,
  ) {
    socket.on('message', (chunk) => this.scanner.push(chunk, (f) => this.onFrame(f), true));
  }

  static async open(instance: number): Promise<OnboardView> {
    const socket = createSocket('udp4');
    await new Promise<void>((res, rej) => {
      socket.once('error', rej);
      socket.bind(14540 + instance, '127.0.0.1', () => res());
    });
    return new OnboardView(socket, instance + 1);
  }

  private onFrame(f: Parameters<Parameters<FrameScanner['push']>[1]>[0]): void {
    // Decode only what the view keeps: PX4's onboard link streams dozens of messages at up to 50 Hz
    // on its clock (×speed factor), and decoding them all starves the service in this process.
    if (f.sysid !== this.sysid || f.compid !== 1 || !KEPT_MSGIDS.has(f.msgid)) return;
    const m = decodeFrame(f);
    if (m instanceof common.GlobalPositionInt) {
      const s = { atMs: Date.now(), timeBootMs: m.timeBootMs, lat: m.lat / 1e7, lon: m.lon / 1e7, relAltM: m.relativeAlt / 1000, groundSpeedMps: Math.hypot(m.vx, m.vy) / 100 };
      const last = this.samples.at(-1);
      if (!last || s.atMs - last.atMs >= 100) this.samples.push(s);
    } else if (m instanceof common.ExtendedSysState) {
      this.landedState = Number(m.landedState);
      if (this.landedState === 2) this.everAirborne = true;
    } else if (m instanceof minimal.Heartbeat) {
      this.armed = (Number(m.baseMode) & 128) !== 0;
      this.everArmed ||= this.armed;
      const mode = px4ModeName(m.customMode);
      if (mode !== this.mode) this.modes.push(mode);
      this.mode = mode;
    }
  }

  /** On the ground and disarmed, after having been armed and in the air. */
  get landedAfterFlight(): boolean {
    return this.everAirborne && !this.armed && this.landedState === 1;
  }

  last(): OnboardSample | undefined {
    return this.samples.at(-1);
  }

  maxRelAltM(): number {
    return Math.max(0, ...this.samples.map((s) => s.relAltM));
  }

  close(): void {
    this.socket.close();
  }
}

/** Metres between two WGS84 points (haversine; enough for landing errors). */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

/**
 * Largest distance of the samples above `minRelAltM` from the straight line from → to (a local
 * equirectangular frame is enough over a few km); the cross-track error of a one-leg route.
 */
export function maxCrossTrackM(samples: readonly { lat: number; lon: number; relAltM: number }[], from: { lat: number; lon: number }, to: { lat: number; lon: number }, minRelAltM = 30): number {
  const k = Math.cos((from.lat * Math.PI) / 180);
  const m = 111_320;
  const bx = (to.lon - from.lon) * k * m;
  const by = (to.lat - from.lat) * m;
  const len = Math.hypot(bx, by);
  let worst = 0;
  for (const s of samples) {
    if (s.relAltM < minRelAltM) continue;
    const px = (s.lon - from.lon) * k * m;
    const py = (s.lat - from.lat) * m;
    worst = Math.max(worst, Math.abs(px * by - py * bx) / len);
  }
  return worst;
}
