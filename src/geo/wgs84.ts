/** WGS84 ellipsoid constants. */
export const WGS84_A_M = 6_378_137;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);
export const DEG = Math.PI / 180;

/**
 * Radius of curvature in the prime vertical at latitude `latRad`.
 * @example
 * primeVerticalRadiusM(53.55 * DEG); // → ≈ 6 391 600
 */
export function primeVerticalRadiusM(latRad: number): number {
  const s = Math.sin(latRad);
  return WGS84_A_M / Math.sqrt(1 - WGS84_E2 * s * s);
}

/**
 * Meridional radius of curvature at latitude `latRad`.
 * @example
 * meridionalRadiusM(53.55 * DEG); // → ≈ 6 376 800
 */
export function meridionalRadiusM(latRad: number): number {
  const s = Math.sin(latRad);
  return (WGS84_A_M * (1 - WGS84_E2)) / Math.pow(1 - WGS84_E2 * s * s, 1.5);
}
