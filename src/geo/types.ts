/** A WGS84 position in degrees, as used in APIs. */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** A WGS84 position in GeoJSON order: `[lon, lat]` in degrees. */
export type LonLat = readonly [number, number];

/** A point in a local East-North-Up frame, metres. Heights are carried separately (AGL/AMSL). */
export interface EnuPoint {
  readonly eastM: number;
  readonly northM: number;
}
