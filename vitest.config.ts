import { defineConfig } from 'vitest/config';

/** The heavy tiers run after this suite, one file at a time (vitest.tiers.config.ts). */
export const TIERS = ['test/px4-sitl/**', 'test/cluster/**', 'test/fleet-e2e/**'];

/**
 * Tests of the pure cores and of files: no sockets, processes, timers or databases, nothing left
 * running after a file. They share one module graph per worker (`isolate: false`), so the Hamburg
 * airspace, the planner and turf are loaded once per worker, not once per file (docs/testing.md).
 */
export const PURE = [
  ...['airspace', 'planner', 'mission', 'geo', 'deconflict', 'obstacles', 'config', 'io', 'docs', 'web', 'flights'].map((d) => `test/${d}/**/*.test.ts`),
  // reducers and decisions on a FakeClock or a fake channel, in folders that otherwise open sockets
  ...['firmware-bridge/command/client', 'firmware-bridge/command/command-long', 'firmware-bridge/px4/modes', 'firmware-bridge/tlog/replay', 'firmware-bridge/transport/url', 'firmware-bridge/vehicle/state'].map((f) => `test/${f}.test.ts`),
  ...['fleet/autopilot-reason', 'fleet/launch-obstacles', 'fleet/monitor-step', 'fleet/obstacle-alert', 'fleet/progress', 'server/error-registry', 'sim/px4-geofence-core', 'store/json'].map((f) => `test/${f}.test.ts`),
];

export default defineConfig({
  test: {
    exclude: ['test/bench/**', 'node_modules/**', ...TIERS],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Real sockets on a 2-core machine: keep parallelism modest so timing-sensitive protocol tests stay honest.
    // (Three workers were tried in session 7: on a machine loaded by other work they starved each other — docs/testing.md.)
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'pure', include: PURE, isolate: false } },
      // Everything with I/O keeps a fresh module graph per file: a service, simulator or socket never outlives its file.
      { extends: true, test: { name: 'io', include: ['test/**/*.test.ts'], exclude: ['test/bench/**', 'node_modules/**', ...TIERS, ...PURE] } },
    ],
  },
});
