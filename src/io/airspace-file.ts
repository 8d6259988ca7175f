/**
 * The edge: reads an airspace file from disk and hands it to the pure importers in src/airspace,
 * which touch no file system themselves.
 */
import { readFile } from 'node:fs/promises';
import { AirspaceError } from '../airspace/errors.js';
import type { ImportOptions, ImportResult } from '../airspace/formats/ed269-import.js';
import { importAirspace } from '../airspace/formats/ed318-import.js';
import { egm96At } from './geoid.js';

/**
 * Loads an ED-269 or ED-318 JSON file; throws FORMAT_UNKNOWN when it is not JSON. WGS84 (ellipsoidal)
 * limits are read as AMSL with the EGM96 geoid (HEIGHT_REFERENCE_CONVERTED warnings say how).
 * @example
 * const { zones, issues } = await loadAirspaceFile('missions/airspace/hamburg.ed269.json');
 */
export async function loadAirspaceFile(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new AirspaceError('FORMAT_UNKNOWN', `${path} is not valid JSON (${(e as Error).message}); airspace files must be ED-269 or ED-318 JSON`, { path });
  }
  return importAirspace(doc, { geoidAt: egm96At, ...options });
}

/**
 * A data set whose importer refused features is incomplete: the planner would fly through the
 * zones it could not read. Refused unless `allowSkipped` (configuration `airspace.allowSkippedZones`,
 * a decision written down, not a default).
 * @throws AirspaceError AIRSPACE_INCOMPLETE naming the first refused features and why
 */
export function assertAirspaceComplete(result: ImportResult, path: string, allowSkipped: boolean): void {
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (result.rejected === 0 || allowSkipped) return;
  const shown = errors.slice(0, 5).map((i) => i.message).join('; ');
  throw new AirspaceError(
    'AIRSPACE_INCOMPLETE',
    `${path}: ${result.rejected} feature(s) could not be read, so no route would be planned around them: ${shown}${errors.length > 5 ? `; and ${errors.length - 5} more` : ''}. Fix the file, or set airspace.allowSkippedZones: true to start without them`,
    { path, rejected: result.rejected, issues: errors.slice(0, 50) },
  );
}
