/** One status line per vehicle for the CLI (pure formatting). */
import type { VehicleStatus } from './fleet.js';

const LANDED = ['?', 'ground', 'air', 'takeoff', 'landing'];

/**
 * @example formatStatus(s) // "sys 1  t=  42.0s  Mission   ARMED  air      alt  40.1 m  9.8 m/s  bat 62%  wp 3/7  53.55302,9.99497  gcs ok"
 */
export function formatStatus(s: VehicleStatus): string {
  return [
    `sys ${String(s.sysid).padStart(2)}`,
    `t=${s.t.toFixed(1).padStart(6)}s`,
    s.mode.padEnd(9),
    s.armed ? 'ARMED ' : 'disarm',
    (LANDED[s.landedState] ?? '?').padEnd(8),
    `alt ${s.relAltM.toFixed(1).padStart(5)} m`,
    `${s.groundSpeedMps.toFixed(1).padStart(4)} m/s`,
    `bat ${String(s.batteryPct).padStart(3)}%`,
    `wp ${s.missionTotal ? `${s.missionSeq}/${s.missionTotal}` : '-'}`,
    `${s.lat.toFixed(5)},${s.lon.toFixed(5)}`,
    s.gcsConnected ? 'gcs ok' : 'no gcs',
  ].join('  ');
}
