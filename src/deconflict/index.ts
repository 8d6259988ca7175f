/** Strategic deconfliction of the fleet's deliveries: operational intents (ASTM F3548-21), a spatial-temporal index, conflicts and their resolution. Pure. */
export * from './types.js';
export * from './errors.js';
export * from './footprint.js';
export * from './build-intent.js';
export * from './intent-state.js';
export * from './conflicts.js';
export * from './intent-index.js';
export * from './resolve.js';
export * from './export.js';
export * from './live.js';
export * from './detour.js';
export * from './conflict-view.js';
