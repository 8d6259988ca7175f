import { defineConfig } from 'vitest/config';
import { TIERS } from './vitest.config.js';

/**
 * The real-PX4 tier and the cluster tier: several processes each (PX4 SITL instances, service
 * instances, nats-server), so they run alone, one file at a time, after the main suite
 * (`npm test` runs both configurations).
 */
export default defineConfig({
  test: {
    include: TIERS.map((t) => `${t.replace('/**', '')}/**/*.test.ts`),
    exclude: ['node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
