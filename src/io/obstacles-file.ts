/**
 * The edge: reads an obstacle file (GeoJSON or AIXM 5.1 XML) from disk and hands it to the pure
 * importers in src/obstacles.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importObstacles, type ObstacleImportResult } from '../obstacles/index.js';
import { repoRoot } from './repo-root.js';

/** The Hamburg test set loaded when nothing else is configured. */
export const DEFAULT_OBSTACLES_FILE = join(repoRoot(), 'missions/obstacles/hamburg.geojson');

/**
 * @example
 * const { obstacles, issues } = await loadObstaclesFile('missions/obstacles/hamburg.geojson');
 */
export async function loadObstaclesFile(path: string): Promise<ObstacleImportResult> {
  const text = await readFile(path, 'utf8');
  return importObstacles(text, path.split(/[\\/]/).pop());
}
