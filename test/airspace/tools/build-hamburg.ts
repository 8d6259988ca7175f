/** Writes missions/airspace/hamburg.ed269.json from hamburg-source.ts. Run: npx tsx test/airspace/tools/build-hamburg.ts */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exportEd269 } from '../../../src/airspace/formats/ed269-export.js';
import { HAMBURG_DESCRIPTION, HAMBURG_TITLE, HAMBURG_ZONES } from './hamburg-source.js';

export const HAMBURG_FILE = fileURLToPath(new URL('../../../missions/airspace/hamburg.ed269.json', import.meta.url));

export function hamburgJson(): string {
  return `${JSON.stringify(exportEd269(HAMBURG_ZONES, { title: HAMBURG_TITLE, description: HAMBURG_DESCRIPTION }), null, 1)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(HAMBURG_FILE, hamburgJson());
  console.log(`wrote ${HAMBURG_FILE} (${HAMBURG_ZONES.length} zones)`);
}
