import { defineConfig } from 'vitest/config';

/** The heavy tiers run after this suite, one file at a time (vitest.tiers.config.ts). */
export const TIERS = ['test/px4-sitl/**', 'test/cluster/**', 'test/fleet-e2e/**'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**', ...TIERS],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Real sockets on a 2-core machine: keep parallelism modest so timing-sensitive protocol tests stay honest.
    maxWorkers: 2,
  },
});
