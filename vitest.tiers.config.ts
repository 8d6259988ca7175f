import { defineConfig } from 'vitest/config';
import { TIERS } from './vitest.config.js';

/**
 * The real-PX4 tier and the cluster tier: several processes each (PX4 SITL instances, service
 * instances, nats-server), so they run after the main suite (`npm test` runs both configurations),
 * in two groups, one after the other (`sequence.groupOrder`):
 *   1. the real-PX4 flights (two PX4 at once at 3×, ≈ 1 of the 2 cores, mostly waiting for PX4's
 *      flights) beside the light bus files, at most one of those at a time (a nats-server, at most
 *      two instances): they fill the flights' wait instead of running after them;
 *   2. then one file at a time: PX4 mission frames (PX4's fixed ports: never beside the flights), the
 *      three-instance cluster and the ten-drone fleet (each of these fills both cores).
 * Never a third PX4 or a heavy file beside the flights: SIH's sensors time out on starved cores.
 */
const PX4_FLIGHTS = ['test/px4-sitl/deliveries.test.ts'];
const LIGHT = ['bus', 'jetstream-later', 'jetstream-lost', 'no-jetstream'].map((f) => `test/cluster/${f}.test.ts`);
const ALL = TIERS.map((t) => `${t.replace('/**', '')}/**/*.test.ts`);

export default defineConfig({
  test: {
    exclude: ['node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'px4-flights', include: PX4_FLIGHTS, sequence: { groupOrder: 1 }, maxWorkers: 2 } },
      { extends: true, test: { name: 'light', include: LIGHT, sequence: { groupOrder: 1 }, maxWorkers: 2 } },
      { extends: true, test: { name: 'heavy', include: ALL, exclude: ['node_modules/**', ...PX4_FLIGHTS, ...LIGHT], sequence: { groupOrder: 2 }, maxWorkers: 1 } },
    ],
  },
});
