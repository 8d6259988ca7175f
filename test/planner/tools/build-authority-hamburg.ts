/**
 * Writes test/planner/fixtures/hamburg-authority.ed269.json: the Hamburg set as an authority
 * publishes it — every `extendedProperties` removed, so corridors (federal waterways, roads,
 * railways) are plain overlapping per-segment rectangles and categories come from the
 * restriction conditions' text. Run: npx tsx test/planner/tools/build-authority-hamburg.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const doc = JSON.parse(readFileSync(`${REPO}missions/airspace/hamburg.ed269.json`, 'utf8')) as { title: string; description: string; features: Array<Record<string, unknown>> };
for (const f of doc.features) delete f.extendedProperties;
doc.title = `${doc.title} — authority-style copy`;
doc.description = 'ED-269 TEST data (approximate, never an official geozone), coordinates [lon, lat] WGS84, encoded as authorities publish: corridors (waterways, roads, railways) as overlapping per-segment rectangles, no extension.';
writeFileSync(`${REPO}test/planner/fixtures/hamburg-authority.ed269.json`, `${JSON.stringify(doc, null, 1)}\n`);
