/** src/obstacles: vertical obstacles (model, importers). Pure. See docs/obstacles.md. */
export * from './types.js';
export * from './errors.js';
export { importObstacleGeoJson } from './geojson-import.js';
export { importAixmObstacles } from './aixm-import.js';

import { importAixmObstacles } from './aixm-import.js';
import { ObstacleError, type ObstacleImportResult } from './errors.js';
import { importObstacleGeoJson } from './geojson-import.js';

/**
 * Picks the importer by content: XML (starts with `<`) → AIXM 5.1, otherwise GeoJSON.
 * @example
 * importObstacles(text, 'eTOD Hamburg').obstacles.length; // → 24
 */
export function importObstacles(textIn: string, source?: string): ObstacleImportResult {
  const t = textIn.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('<')) return importAixmObstacles(t, source);
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch (e) {
    throw new ObstacleError('OBSTACLE_FORMAT_UNKNOWN', `neither AIXM XML nor JSON (${(e as Error).message}); obstacle files are GeoJSON or AIXM 5.1`);
  }
  return importObstacleGeoJson(doc);
}
export * from './clearance.js';
