/** docs/configuration.md names every variable and every option of the schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, CONFIG_FILE_ENV, ENV_VARS } from '../../src/config.js';

const doc = readFileSync(join(import.meta.dirname, '../../docs/configuration.md'), 'utf8');

/** Dot paths of the defaults' leaves (lists and records count as leaves). */
function leaves(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && k !== 'bySysid' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('docs/configuration.md', () => {
  it('documents every environment variable', () => {
    expect([...ENV_VARS.map((e) => e.name), CONFIG_FILE_ENV].filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });
  it('documents every option', () => {
    const options = leaves(CONFIG_DEFAULTS).filter((p) => !p.startsWith('simulator.home.'));
    expect(options.filter((p) => !doc.includes(`| \`${p}\` |`))).toEqual([]);
  });
});
