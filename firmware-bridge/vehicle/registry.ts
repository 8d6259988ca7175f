/**
 * VehicleRegistry: discovers vehicles on a link and keeps one VehicleSession per (link, sysid).
 *
 *   HEARTBEAT (autopilot ≠ INVALID) from a new sysid ──▶ session + vehicleDiscovered
 *   every message of that sysid ─────────────────────▶ reducer ──▶ stateChanged
 *   no autopilot HEARTBEAT for heartbeatTimeoutMs ───▶ connectionLost
 *   the next one ────────────────────────────────────▶ connectionRegained
 *
 *   lost for expireAfterMs ──────────────────────────▶ vehicleExpired (gone from list())
 *   a new sysid beyond maxVehicles ──────────────────▶ vehicleRefused (its frames are ignored)
 *
 * GCS heartbeats (ours or another ground station's: autopilot INVALID) never create a session.
 */
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { minimal } from '../codec/dialect.js';
import type { CommandTiming } from '../command/command-long.js';
import type { InboundMessage, MavlinkLink } from '../link/link.js';
import type { MissionTiming } from '../mission/timing.js';
import { TypedEvents } from './events.js';
import { VehicleSession } from './session.js';
import type { VehicleState } from './state.js';

/**
 * No autopilot HEARTBEAT for this long = connection lost. PX4 sends 1 Hz; MAVSDK uses 3.0 s, QGC
 * 3.5 s, the spec 4–5 missed beats. 3 s (three missed beats) tells the operator quickly; a single
 * lost packet never trips it.
 */
export const HEARTBEAT_TIMEOUT_MS = 3_000;

/** Vehicles per link at most (a flood of forged sysids must not grow the list without bound). */
export const MAX_VEHICLES_PER_LINK = 64;
/** A vehicle lost this long leaves the live list (its history stays in the store). */
export const VEHICLE_EXPIRY_MS = 300_000;

export interface VehicleRegistryOptions {
  clock?: Clock;
  /**
   * In the clock's ms; a function is read at every heartbeat (a simulated link at speed × keeps
   * 3 real seconds by returning 3000 × speed).
   */
  heartbeatTimeoutMs?: number | (() => number);
  commandTiming?: Partial<CommandTiming>;
  missionTiming?: Partial<MissionTiming>;
  /** Default MAX_VEHICLES_PER_LINK. */
  maxVehicles?: number;
  /** Default VEHICLE_EXPIRY_MS; 0 = never expire. */
  expireAfterMs?: number;
  /** A lost vehicle this says to keep (e.g. one flying a delivery) never expires. */
  keep?: (sysid: number) => boolean;
}

export interface VehicleRegistryEvents {
  vehicleDiscovered: [session: VehicleSession];
  connectionLost: [session: VehicleSession];
  connectionRegained: [session: VehicleSession];
  stateChanged: [session: VehicleSession, state: VehicleState, previous: VehicleState];
  vehicleExpired: [session: VehicleSession];
  /** Once per sysid: a new vehicle was refused because the link holds maxVehicles already. */
  vehicleRefused: [sysid: number];
}

/** Whether a HEARTBEAT comes from a vehicle's autopilot (not a GCS, not a camera). Pure. */
export function isAutopilotHeartbeat(m: Pick<InboundMessage, 'data'>): m is Pick<InboundMessage, 'data'> & { data: minimal.Heartbeat } {
  return m.data instanceof minimal.Heartbeat && Number(m.data.autopilot) !== minimal.MavAutopilot.INVALID;
}

export class VehicleRegistry extends TypedEvents<VehicleRegistryEvents> {
  private readonly clock: Clock;
  private readonly heartbeatTimeoutMs: () => number;
  private readonly sessions = new Map<number, VehicleSession>();
  private readonly timers = new Map<number, TimerHandle>();
  private readonly expiryTimers = new Map<number, TimerHandle>();
  private readonly refused = new Set<number>();
  private readonly unsubscribe: (() => void)[];
  private closed = false;

  /**
   * @example
   * const registry = new VehicleRegistry(link)
   * registry.on('vehicleDiscovered', async (v) => { await v.commands.setMode('Hold') })
   */
  constructor(
    readonly link: MavlinkLink,
    private readonly options: VehicleRegistryOptions = {},
  ) {
    super();
    this.clock = options.clock ?? systemClock;
    const timeout = options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
    this.heartbeatTimeoutMs = typeof timeout === 'function' ? timeout : () => timeout;
    this.unsubscribe = [link.onMessage((m) => this.handle(m)), link.onClose(() => this.linkClosed())];
  }

  /** The session of a sysid, if that vehicle has been discovered. */
  get(sysid: number): VehicleSession | undefined {
    return this.sessions.get(sysid);
  }

  /** All sessions, in discovery order. */
  list(): VehicleSession[] {
    return [...this.sessions.values()];
  }

  /** Stop listening, cancel timers and abort pending commands. The link stays open. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe) off();
    for (const t of [...this.timers.values(), ...this.expiryTimers.values()]) t.cancel();
    this.timers.clear();
    this.expiryTimers.clear();
    for (const s of this.sessions.values()) s.close('the vehicle registry was closed');
  }

  private handle(m: InboundMessage): void {
    if (this.closed) return;
    const sysid = m.frame.sysid;
    if (sysid === this.link.identity.sysid) return; // our own traffic echoed back
    let session = this.sessions.get(sysid);
    const beat = isAutopilotHeartbeat(m);
    let discovered = false;
    if (!session) {
      if (!beat) return; // nothing to attach telemetry to until the autopilot introduces itself
      if (this.sessions.size >= (this.options.maxVehicles ?? MAX_VEHICLES_PER_LINK)) {
        if (!this.refused.has(sysid)) {
          this.refused.add(sysid);
          this.emit('vehicleRefused', sysid);
        }
        return;
      }
      const { commandTiming, missionTiming } = this.options;
      session = new VehicleSession(this.link, sysid, m.frame.compid, {
        clock: this.clock,
        ...(commandTiming ? { commandTiming } : {}),
        ...(missionTiming ? { missionTiming } : {}),
      });
      this.sessions.set(sysid, session);
      discovered = true;
    }
    const wasConnected = session.connected;
    const previous = session.apply(m, this.clock.now());
    if (beat && m.frame.compid === session.compid) this.armTimeout(session);
    if (discovered) this.emit('vehicleDiscovered', session);
    else if (!wasConnected && session.connected) this.emit('connectionRegained', session);
    if (previous) this.emit('stateChanged', session, session.state, previous);
  }

  private armTimeout(session: VehicleSession): void {
    this.expiryTimers.get(session.sysid)?.cancel();
    this.expiryTimers.delete(session.sysid);
    this.timers.get(session.sysid)?.cancel();
    this.timers.set(
      session.sysid,
      this.clock.setTimer(this.heartbeatTimeoutMs(), () => {
        this.timers.delete(session.sysid);
        this.lose(session);
      }),
    );
  }

  private lose(session: VehicleSession): void {
    const previous = session.setConnected(false);
    if (!previous) return;
    this.armExpiry(session);
    this.emit('connectionLost', session);
    this.emit('stateChanged', session, session.state, previous);
  }

  private armExpiry(session: VehicleSession): void {
    const after = this.options.expireAfterMs ?? VEHICLE_EXPIRY_MS;
    if (after <= 0) return;
    this.expiryTimers.get(session.sysid)?.cancel();
    this.expiryTimers.set(
      session.sysid,
      this.clock.setTimer(after, () => {
        this.expiryTimers.delete(session.sysid);
        if (session.connected || this.closed) return;
        if (this.options.keep?.(session.sysid)) return this.armExpiry(session);
        this.sessions.delete(session.sysid);
        this.refused.clear(); // room again
        session.close(`vehicle ${session.sysid} expired after ${after} ms without a heartbeat`);
        this.emit('vehicleExpired', session);
      }),
    );
  }

  private linkClosed(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    for (const s of this.sessions.values()) this.lose(s);
  }
}
