/**
 * The edge: reads an obstacle file (GeoJSON or AIXM 5.1 XML) from disk and hands it to the pure
 * importers in src/obstacles.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ObstacleError, type ObstacleImportResult } from '../obstacles/errors.js';
import { importObstacles } from '../obstacles/index.js';
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

/**
 * Records the importer refused are structures nobody plans around: refused unless `allowSkipped`
 * (configuration `obstacles.allowSkippedRecords`).
 * @throws ObstacleError OBSTACLES_INCOMPLETE naming the first refused records and why
 */
export function assertObstaclesComplete(result: ObstacleImportResult, path: string, allowSkipped: boolean): void {
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (errors.length === 0 || allowSkipped) return;
  const shown = errors.slice(0, 5).map((i) => i.message).join('; ');
  throw new ObstacleError(
    'OBSTACLES_INCOMPLETE',
    `${path}: ${errors.length} problem(s) made records unreadable, so no route would keep clear of them: ${shown}${errors.length > 5 ? `; and ${errors.length - 5} more` : ''}. Fix the file, or set obstacles.allowSkippedRecords: true to start without them`,
    { path, issues: errors.slice(0, 50) },
  );
}
