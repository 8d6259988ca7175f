/** src/geo: local metric frame and geodesy helpers. Pure. */
export * from './types.js';
export * from './wgs84.js';
export * from './local-frame.js';
export * from './to-local.js';
export * from './to-geodetic.js';
export * from './distance.js';
export * from './bearing.js';
export * from './planar.js';
