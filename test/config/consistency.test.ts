/** One set of numbers: the configuration's conformance defaults equal the fleet's fallback limits. */
import { expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../src/config.js';
import { DEFAULT_CONFORMANCE_LIMITS } from '../../src/fleet/conformance.js';

it('conformance defaults match src/fleet DEFAULT_CONFORMANCE_LIMITS', () => {
  const c = CONFIG_DEFAULTS.conformance;
  expect({ corridorHalfWidthM: c.corridorHalfWidthM, altitudeBandM: c.altitudeBandM, staleMs: c.staleTelemetryS * 1000 }).toEqual({
    corridorHalfWidthM: DEFAULT_CONFORMANCE_LIMITS.corridorHalfWidthM,
    altitudeBandM: DEFAULT_CONFORMANCE_LIMITS.altitudeBandM,
    staleMs: DEFAULT_CONFORMANCE_LIMITS.staleMs,
  });
});
