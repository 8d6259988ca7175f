/** /api/vehicles, /api/links: live state and manual commands (operator, audited, safety-gated). */
import { z } from 'zod';
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import type { MissionApprovals } from '../fleet/approvals.js';
import type { Fleet, FleetVehicle } from '../fleet/fleet.js';
import { FleetError } from '../fleet/errors.js';
import { assertHealthyToArm } from '../fleet/health.js';
import { provisionSigning } from '../fleet/provision-signing.js';
import { ApiError } from './api-error.js';
import { decimalInt } from './params.js';
import { route, type RouteDef } from './routes.js';

/** What must hold before a manual command that could move a drone is sent. */
export interface SafetyGate {
  /** Throws (with a code and a message) when the vehicle's stored mission was not validated by elbflug. */
  assertMissionStartAllowed(vehicle: FleetVehicle): void;
  /** The operation profile's height ceiling above ground. */
  heightCeilingAglM(): number;
  /** Throws unless the vehicle could fly now (link, fresh position, GPS, on the ground, battery known). */
  assertHealthyToArm(vehicle: FleetVehicle): void;
  /** Rejects when the approved mission, started again from the ground, would now enter an obstacle zone (src/fleet/mission-recheck.ts). */
  assertMissionSafeNow?(vehicle: FleetVehicle): Promise<void>;
}

/**
 * The gate every service uses: approvals by opaque_id for mission start, the launch health checks
 * for a manual arm, the profile's ceiling for takeoff.
 */
export function defaultSafetyGate(approvals: MissionApprovals, heightCeilingAglM: () => number): SafetyGate {
  return {
    assertMissionStartAllowed: (v) => approvals.assertMissionStartAllowed(v),
    heightCeilingAglM,
    assertHealthyToArm: (v) => assertHealthyToArm(v.session.state, v.clock.now(), v.id),
  };
}

export const COMMANDS = ['arm', 'disarm', 'takeoff', 'hold', 'rtl', 'land', 'missionStart'] as const;

const CommandBody = z.strictObject({
  command: z.enum(COMMANDS),
  /** takeoff: height above home, metres. */
  altitudeM: z.number().positive().max(500).optional(),
  /** disarm: force (PX4 21196; in the air this drops the drone). */
  force: z.boolean().optional(),
});

const VehicleParams = z.strictObject({ link: z.string().min(1).max(64), sysid: decimalInt(1, 255) });

/** The JSON the API and the websocket send for a vehicle: the reducer's snapshot minus bulky internals. */
export function vehicleView(v: FleetVehicle, state: VehicleState = v.session.state): Record<string, unknown> {
  const { statusTexts, lastMessageAtMs, ...rest } = state;
  return { id: v.id, link: v.link, ...rest, statusTexts: statusTexts.recent.slice(-10), lastPositionAtMs: lastMessageAtMs['GLOBAL_POSITION_INT'] };
}

const r1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * The compact view the websocket streams to the map (≈ 400 bytes instead of the full snapshot):
 * what a moving icon, its label and the alert list need.
 */
export function telemetryView(v: FleetVehicle, s: VehicleState = v.session.state): Record<string, unknown> {
  const last = s.statusTexts.recent.at(-1);
  return {
    id: v.id,
    sysid: s.sysid,
    connected: s.connected,
    armed: s.armed,
    mode: s.flightMode,
    status: s.systemStatus,
    landed: s.landedState,
    lat: s.position?.lat,
    lon: s.position?.lon,
    relAltM: s.position ? r1(s.position.relAltM) : undefined,
    altAmslM: s.position ? r1(s.position.altAmslM) : undefined,
    speedMps: s.velocity ? r1(s.velocity.groundSpeedMps) : undefined,
    climbMps: s.velocity ? r1(-s.velocity.downMps) : undefined,
    headingDeg: s.headingDeg,
    gps: s.gps ? { fix: s.gps.fixType, sats: s.gps.satellites } : undefined,
    battery: s.battery ? { pct: s.battery.remainingPct, v: s.battery.voltageV, state: s.battery.chargeState } : undefined,
    mission: s.mission ? { seq: s.mission.currentSeq, total: s.mission.total, reached: s.lastReachedSeq } : undefined,
    home: s.home,
    text: last ? { severity: last.severityName, text: last.text, serial: last.serial } : undefined,
    updatedAtMs: s.lastMessageAtMs['GLOBAL_POSITION_INT'],
  };
}

export function vehicleRoutes(fleet: Fleet, gate: SafetyGate): RouteDef[] {
  const find = (p: { link: string; sysid: number }): FleetVehicle => {
    const v = fleet.vehicle(`${p.link}/${p.sysid}`);
    if (!v) throw new ApiError('VEHICLE_UNKNOWN', `no vehicle ${p.link}/${p.sysid}; GET /api/vehicles lists the ones heard`, { known: fleet.vehicles().map((x) => x.id) });
    return v;
  };
  const provisioning = new Set<string>();
  return [
    route({
      method: 'post',
      path: '/vehicles/:link/:sysid/signing',
      permission: 'provision',
      tag: 'vehicles',
      summary: 'Provision the vehicle with its configured signing key (SETUP_SIGNING), switch it to signed and confirm its next frames are signed; the key is never in the answer. Engineers only, on a trusted link (USB)',
      params: VehicleParams,
      audit: 'vehicle.signing.setup',
      async handler({ params }) {
        const v = find(params);
        const link = fleet.linkOf(v.id);
        if (!link) throw new ApiError('VEHICLE_UNKNOWN', `vehicle ${v.id} has no open link here`);
        if (v.session.state.armed) throw new FleetError('VEHICLE_BUSY', `${v.id} is armed: provision signing on the ground, disarmed`, { vehicle: v.id });
        if (provisioning.has(v.id)) throw new FleetError('VEHICLE_BUSY', `signing is being provisioned on ${v.id} already`, { vehicle: v.id });
        provisioning.add(v.id);
        try {
          return await provisionSigning({ id: v.id, sysid: v.sysid, compid: v.session.compid, link, clock: v.clock });
        } finally {
          provisioning.delete(v.id);
        }
      },
    }),
    route({ method: 'get', path: '/links', permission: 'read', tag: 'links', summary: 'Links with their counters (rx/tx, CRC errors, lost packets, per-message rates)', handler: () => fleet.linkStats() }),
    route({ method: 'get', path: '/vehicles', permission: 'read', tag: 'vehicles', summary: 'Every vehicle heard, with its latest state', handler: () => fleet.vehicles().map((v) => vehicleView(v)) }),
    route({ method: 'get', path: '/vehicles/:link/:sysid', permission: 'read', tag: 'vehicles', summary: 'One vehicle', params: VehicleParams, handler: ({ params }) => vehicleView(find(params)) }),
    route({
      method: 'post',
      path: '/vehicles/:link/:sysid/commands',
      permission: 'command',
      tag: 'vehicles',
      summary: 'Send a manual command (arm, disarm, takeoff, hold, rtl, land, missionStart); waits for COMMAND_ACK',
      params: VehicleParams,
      body: CommandBody,
      audit: 'vehicle.command',
      async handler({ params, body }) {
        const v = find(params);
        const c = v.session.commands;
        switch (body.command) {
          case 'arm':
            gate.assertHealthyToArm(v);
            await c.arm();
            break;
          case 'disarm':
            await c.disarm({ force: body.force ?? false });
            break;
          case 'takeoff': {
            const alt = body.altitudeM ?? 20;
            if (alt > gate.heightCeilingAglM()) throw new ApiError('VALIDATION_FAILED', `takeoff to ${alt} m exceeds the ${gate.heightCeilingAglM()} m ceiling (HEIGHT-CEILING-120)`, { ruleId: 'HEIGHT-CEILING-120' });
            const home = v.session.state.home;
            if (!home) throw new ApiError('VALIDATION_FAILED', `vehicle ${v.id} has reported no home position yet; wait for it before taking off`);
            await c.takeoffAboveHome(alt, home.altAmslM);
            break;
          }
          case 'hold':
            await c.hold();
            break;
          case 'rtl':
            await c.returnToLaunch();
            break;
          case 'land':
            await c.land();
            break;
          case 'missionStart':
            gate.assertMissionStartAllowed(v);
            await gate.assertMissionSafeNow?.(v);
            await c.missionStart();
            break;
        }
        return { vehicle: v.id, command: body.command, result: 'accepted' };
      },
    }),
  ];
}
