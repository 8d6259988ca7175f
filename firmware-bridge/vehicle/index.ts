/** Vehicles: discovery and sessions per (link, sysid), the pure VehicleState reducer, STATUSTEXT reassembly. */
export * from './statustext.js';
export * from './state.js';
export * from './events.js';
export * from './session.js';
export * from './registry.js';
