/**
 * The simulator as a library: the one entry the service (src/) and the bridge demo use to run
 * simulated vehicles in-process. Everything else in sim/ is internal to the simulator program
 * (test/docs/layering.test.ts enforces that src/ imports sim/ only through this file).
 */
export { startFleet, type Fleet, type FleetOptions, type VehicleStatus } from './runtime/fleet.js';
export { FAULT_NAMES, FaultSchema, type Fault, type FaultSpec } from './runtime/faults.js';
export type { BatteryModel } from './physics/battery.js';
