/**
 * PX4's navigator, reduced to what the traces show: takeoff, hold, reposition, mission items
 * (takeoff, waypoint, loiter, land, RTL, DO_CHANGE_SPEED, DO_GRIPPER and other DO_ items done at
 * once), RTL (climb → return → land) and land. Returns the setpoint for the physics.
 */
import { speedAtWaypoint } from '../physics/braking.js';
import type { Setpoint } from '../physics/multicopter.js';
import { MAV_CMD, RELATIVE_FRAMES, SEV, isNavPosition, itemLatLon, type PlanItem } from './items.js';
import { ALT_ACCEPT_M, MODE, sameMode, type Nav } from './state.js';
import type { Px4Vehicle } from './vehicle.js';

/** Local target of a positional item; x = y = 0 means "here" (PX4 uses the current position). */
export function itemTarget(v: Px4Vehicle, it: PlanItem): { n: number; e: number; up: number } {
  const b = v.s.body;
  const ne = it.x === 0 && it.y === 0 ? { n: b.n, e: b.e } : v.local(itemLatLon(it));
  const up = RELATIVE_FRAMES.has(it.frame) ? v.upFromRel(it.z) : it.z - v.s.origin.altAmsl;
  return { ...ne, up };
}

function takeoffSetpoint(v: Px4Vehicle, n: number, e: number, up: number, startedAt: number): Setpoint {
  const climbAt = v.climbStartAt(startedAt);
  if (v.s.landed === 1 && v.s.t < climbAt) return { kind: 'ground' };
  return { kind: 'position', n, e, up, speed: v.cruiseSpeed(), takeoff: { sinceS: v.s.t - climbAt } };
}

/** Compute this step's setpoint and advance the navigation state (items reached, phases). */
export function navigate(v: Px4Vehicle): Setpoint {
  const s = v.s;
  const nav = s.nav;
  const b = s.body;
  switch (nav.kind) {
    case 'ground':
    case 'fall':
      return { kind: 'ground' };
    case 'takeoff': {
      if (!s.armed) return { kind: 'ground' };
      if (s.landed !== 1 && Math.abs(b.up - nav.up) < ALT_ACCEPT_M) {
        s.landed = 2;
        // PX4 switches to Hold when the takeoff altitude is reached (commands 88.96, rtl 28.5).
        if (sameMode(s.mode, MODE.TAKEOFF)) {
          v.enterMode(MODE.HOLD, 'auto');
          s.userMode = MODE.HOLD;
        }
        s.nav = { kind: 'hold', n: nav.n, e: nav.e, up: nav.up };
      }
      return takeoffSetpoint(v, nav.n, nav.e, nav.up, nav.startedAt);
    }
    case 'hold':
    case 'goto':
      return { kind: 'position', n: nav.n, e: nav.e, up: nav.up, speed: nav.kind === 'goto' ? nav.speed : v.cruiseSpeed() };
    case 'land':
      if (s.landed !== 1) s.landed = 4;
      return { kind: 'land', n: nav.n, e: nav.e };
    case 'rtl':
      return rtl(v, nav);
    case 'mission':
      return mission(v, nav);
  }
}

function rtl(v: Px4Vehicle, nav: Extract<Nav, { kind: 'rtl' }>): Setpoint {
  const s = v.s;
  const b = s.body;
  const dest = nav.dest;
  if (nav.phase === 'climb') {
    if (b.up >= nav.up - ALT_ACCEPT_M) nav.phase = 'return';
    return { kind: 'position', n: b.n - b.vn * 0.1, e: b.e - b.ve * 0.1, up: nav.up, speed: v.cruiseSpeed() };
  }
  if (nav.phase === 'return') {
    if (Math.hypot(b.n - dest.n, b.e - dest.e) < v.params.get('NAV_ACC_RAD')) {
      nav.phase = 'land';
      v.text(SEV.INFO, 'RTL: land at destination\t');
    }
    // rtl_direct resets the cruising speed: MPC_XY_CRUISE, not the mission's DO_CHANGE_SPEED
    return { kind: 'position', n: dest.n, e: dest.e, up: nav.up, speed: v.params.get('MPC_XY_CRUISE') };
  }
  if (s.landed !== 1) s.landed = 4;
  return { kind: 'land', n: dest.n, e: dest.e };
}

/** The speed PX4 may carry through this waypoint into the next leg (FlightTaskAuto corner logic). */
function cornerSpeed(v: Px4Vehicle, nav: Extract<Nav, { kind: 'mission' }>, it: PlanItem, target: { n: number; e: number; up: number }): number {
  if (it.command !== MAV_CMD.NAV_WAYPOINT || it.param1 > 0) return 0; // a hold time stops the vehicle there
  const next = v.s.mission.items.slice(nav.seq + 1).find((i) => isNavPosition(i) || i.command === MAV_CMD.NAV_RETURN_TO_LAUNCH);
  if (!next || next.command !== MAV_CMD.NAV_WAYPOINT) return 0;
  const p = v.params;
  const b = v.s.body;
  return speedAtWaypoint({ n: b.n, e: b.e, up: b.up }, target, itemTarget(v, next), {
    cruise: Math.min(v.cruiseSpeed(), p.get('MPC_XY_VEL_MAX')),
    accHor: p.get('MPC_ACC_HOR'),
    trajP: p.get('MPC_XY_TRAJ_P'),
    accRad: p.get('NAV_ACC_RAD'),
    altRad: p.get('NAV_MC_ALT_RAD'),
  });
}

function advance(v: Px4Vehicle, nav: Extract<Nav, { kind: 'mission' }>): void {
  const s = v.s;
  v.markReached(nav.seq);
  nav.seq += 1;
  s.missionCurrent = Math.min(nav.seq, Math.max(0, s.mission.items.length - 1));
  nav.startedAt = s.t;
  nav.anchor = { n: s.body.n, e: s.body.e, up: s.body.up };
  nav.loiterUntil = undefined;
  nav.landing = undefined;
  nav.climbed = undefined;
}

function mission(v: Px4Vehicle, nav: Extract<Nav, { kind: 'mission' }>): Setpoint {
  const s = v.s;
  const b = s.body;
  const hold: Setpoint = { kind: 'position', n: nav.anchor.n, e: nav.anchor.e, up: nav.anchor.up, speed: v.cruiseSpeed() };
  if (!s.armed) return { kind: 'ground' };
  const it = s.mission.items[nav.seq];
  if (!it) return s.landed === 1 ? { kind: 'ground' } : hold; // finished in the air: loiter at the last point
  if (!isNavPosition(it) && it.command !== MAV_CMD.NAV_RETURN_TO_LAUNCH) {
    if (it.command === MAV_CMD.DO_CHANGE_SPEED) {
      if (it.param2 > 0) s.cruiseOverride = it.param2;
      v.events.forward(178, [it.param1, it.param2, it.param3, 0, 0, 0, 0], true);
    } else if (it.command === MAV_CMD.DO_GRIPPER) {
      v.events.forward(211, [it.param1, it.param2, 0, 0, 0, 0, 0], true); // PD_GRIPPER_EN 0: no wait
    }
    advance(v, nav);
    return hold;
  }
  if (it.command === MAV_CMD.NAV_RETURN_TO_LAUNCH) {
    v.markReached(nav.seq);
    v.startRtl();
    return hold;
  }
  const target = itemTarget(v, it);
  const accRad = v.params.get('NAV_ACC_RAD');
  if (it.command === MAV_CMD.NAV_TAKEOFF && !nav.climbed) {
    if (s.landed !== 1 && b.up >= target.up - ALT_ACCEPT_M) {
      s.landed = 2;
      // PX4 Mission::handleTakeoff: the climb is vertical where the vehicle stands; then "if we just
      // did a normal takeoff navigate to the actual waypoint now" — the item's own lat/lon is flown
      // to as a waypoint (a vehicle on a pad beside the planned start goes there before the route)
      nav.climbed = true;
      if (Math.hypot(b.n - target.n, b.e - target.e) < accRad) {
        advance(v, nav);
        return hold;
      }
    } else {
      return takeoffSetpoint(v, nav.anchor.n, nav.anchor.e, Math.max(target.up, 1), nav.startedAt);
    }
  }
  if (s.landed === 1) {
    // Not starting with a takeoff item: climb vertically to the item altitude first.
    return takeoffSetpoint(v, nav.anchor.n, nav.anchor.e, Math.max(target.up, v.upFromRel(v.params.get('MIS_TAKEOFF_ALT'))), nav.startedAt);
  }
  if (s.landed === 3) s.landed = 2;
  const dist = Math.hypot(b.n - target.n, b.e - target.e);
  if (it.command === MAV_CMD.NAV_LAND) {
    if (!nav.landing && dist < accRad) nav.landing = true;
    if (nav.landing) {
      s.landed = 4;
      return { kind: 'land', n: target.n, e: target.e };
    }
    return { kind: 'position', n: target.n, e: target.e, up: b.up, speed: v.cruiseSpeed() };
  }
  const sp: Setpoint = { kind: 'position', n: target.n, e: target.e, up: target.up, speed: v.cruiseSpeed(), speedAtTarget: cornerSpeed(v, nav, it, target) };
  if (it.command === MAV_CMD.NAV_LOITER_UNLIM) return sp;
  if (dist < accRad && Math.abs(b.up - target.up) < ALT_ACCEPT_M) {
    const holdS = it.command === MAV_CMD.NAV_LOITER_TIME || it.command === MAV_CMD.NAV_WAYPOINT ? it.param1 : 0;
    if (holdS > 0) {
      nav.loiterUntil ??= s.t + holdS;
      if (s.t < nav.loiterUntil) return sp;
    }
    advance(v, nav);
  }
  return sp;
}
