/**
 * The edge: reads the named delivery hubs (missions/hubs.json) and validates them with zod, so the
 * operator's hub list only ever holds well-formed places. A bad file is a start-up error naming
 * the file, the entry (index and id) and the field — the same ConfigError the configuration raises.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../config/errors.js';

/** A named place a delivery can start or end at. */
export interface Hub {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

const HubSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be 1-48 lower-case letters, digits or "-" (e.g. "uke")'),
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  lat: z.number().min(-90, 'must be a latitude, -90…90').max(90, 'must be a latitude, -90…90'),
  lon: z.number().min(-180, 'must be a longitude, -180…180').max(180, 'must be a longitude, -180…180'),
});

const HubsFileSchema = z.strictObject({
  title: z.string().optional(),
  source: z.string().optional(),
  hubs: z
    .array(HubSchema)
    .min(1, 'must list at least one hub')
    .max(500, 'must list at most 500 hubs')
    .superRefine((hubs, ctx) => {
      hubs.forEach((h, i) => {
        const j = hubs.findIndex((o) => o.id === h.id);
        if (j < i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${h.id}" is already the id of hubs[${j}]; every hub needs its own id` });
      });
    }),
});

/** "hubs[3] (\"uke\").lat" for an issue path, naming the entry by its id when it has one. */
function where(doc: unknown, path: readonly PropertyKey[]): string {
  if (path[0] !== 'hubs' || typeof path[1] !== 'number') return path.map(String).join('.') || '(top level)';
  const entry = (doc as { hubs?: unknown[] }).hubs?.[path[1]] as { id?: unknown } | undefined;
  const id = typeof entry?.id === 'string' ? ` ("${entry.id}")` : '';
  const rest = path.slice(2).map(String).join('.');
  return `hubs[${path[1]}]${id}${rest ? `.${rest}` : ''}`;
}

/**
 * Validates a parsed hubs document; `file` names it in messages.
 * @example
 * parseHubs({ hubs: [{ id: 'uke', name: 'UKE', lat: 53.5914, lon: 9.9767 }] }).map((h) => h.id); // → ['uke']
 */
export function parseHubs(doc: unknown, file = 'hubs file'): Hub[] {
  const r = HubsFileSchema.safeParse(doc);
  if (r.success) return r.data.hubs;
  const issues: ConfigIssue[] = r.error.issues.map((i) => ({ source: 'file', where: `${file}: ${where(doc, i.path)}`, message: i.message }));
  throw new ConfigError('CONFIG_INVALID', `invalid hubs file (each hub is {id, name, lat, lon}):\n${issues.map((i) => `  - ${i.where}: ${i.message}`).join('\n')}`, issues);
}

/**
 * Reads and validates a hubs file (`hubs.file` in the configuration).
 * @example
 * const hubs = await loadHubsFile('missions/hubs.json');
 */
export async function loadHubsFile(path: string): Promise<Hub[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError('CONFIG_FILE_UNREADABLE', `cannot read the hubs file ${path} (named by hubs.file): ${(e as Error).message}; check the path`, [{ source: 'file', where: path, message: (e as Error).message }]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('CONFIG_FILE_NOT_JSON', `the hubs file ${path} is not valid JSON (${(e as Error).message})`, [{ source: 'file', where: path, message: (e as Error).message }]);
  }
  return parseHubs(doc, path);
}
