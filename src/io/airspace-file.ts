/**
 * The edge: reads an airspace file from disk and hands it to the pure importers in src/airspace,
 * which touch no file system themselves.
 */
import { readFile } from 'node:fs/promises';
import { AirspaceError } from '../airspace/errors.js';
import type { ImportOptions, ImportResult } from '../airspace/formats/ed269-import.js';
import { importAirspace } from '../airspace/formats/ed318-import.js';

/**
 * Loads an ED-269 or ED-318 JSON file; throws FORMAT_UNKNOWN when it is not JSON.
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
  return importAirspace(doc, options);
}
