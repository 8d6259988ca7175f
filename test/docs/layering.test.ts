/**
 * The layers of ../shared/design.md hold: every import of every source file is parsed with the
 * TypeScript compiler and checked against the rules below. A rule broken names the file and import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Import {
  /** importing file, relative to the repo root */
  from: string;
  /** the specifier as written */
  spec: string;
  /** repo-relative target for relative specifiers, else undefined */
  target: string | undefined;
  /** `import type …` / `export type …`, or every named binding marked `type` */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean): void => {
    const target = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts') : undefined;
    out.push({ from: file, spec, target, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const imports = ['lib', 'firmware-bridge', 'sim', 'src'].flatMap(sourceFiles).flatMap(importsOf);
const under = (path: string | undefined, ...dirs: string[]): boolean => path !== undefined && dirs.some((d) => path.startsWith(`${d}/`) || path === d);
const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec);
const show = (list: Import[]): string[] => list.map((i) => `${i.from} → ${i.spec}`);

const PURE_CORES = ['src/airspace', 'src/planner', 'src/mission', 'src/geo', 'src/obstacles', 'src/deconflict'];
const SIM_ENTRY = 'sim/embedded.ts';

describe('layering (../shared/design.md)', () => {
  it('parses the imports of the source tree (the rules below have something to check)', () => {
    expect(imports.filter((i) => i.from.startsWith('src/airspace/') && i.target === 'lib/coded-error.ts').length).toBeGreaterThan(0);
    expect(imports.some((i) => i.from === 'src/service.ts' && i.target === SIM_ENTRY)).toBe(true);
  });

  it('lib/ is a leaf: it imports nothing but itself', () => {
    expect(show(imports.filter((i) => under(i.from, 'lib') && !under(i.target, 'lib')))).toEqual([]);
  });

  it('firmware-bridge/ imports nothing from src/ or sim/ (it could be published alone)', () => {
    expect(show(imports.filter((i) => under(i.from, 'firmware-bridge') && under(i.target, 'src', 'sim')))).toEqual([]);
  });

  it('sim/ imports nothing from src/', () => {
    expect(show(imports.filter((i) => under(i.from, 'sim') && under(i.target, 'src')))).toEqual([]);
  });

  it('the pure cores import no node: module (no files, sockets, timers, threads)', () => {
    expect(show(imports.filter((i) => under(i.from, ...PURE_CORES) && isBuiltin(i.spec)))).toEqual([]);
  });

  it('the pure cores import nothing from fleet, server, store, bus, flights or sim', () => {
    const outer = ['src/fleet', 'src/server', 'src/store', 'src/bus', 'src/flights', 'sim'];
    expect(show(imports.filter((i) => under(i.from, ...PURE_CORES) && under(i.target, ...outer)))).toEqual([]);
  });

  it('the pure cores use the MAVLink library only for mission item types (mission) and not at all (the others)', () => {
    const bad = imports.filter((i) => under(i.from, ...PURE_CORES) && under(i.target, 'firmware-bridge') && !(under(i.from, 'src/mission') && i.typeOnly));
    expect(show(bad)).toEqual([]);
  });

  it(`src/ reaches the simulator only through its embedded entry (${SIM_ENTRY})`, () => {
    expect(show(imports.filter((i) => under(i.from, 'src') && under(i.target, 'sim') && i.target !== SIM_ENTRY))).toEqual([]);
  });

  it('no runtime import cycle (modules load in one order; type-only imports do not count)', () => {
    const edges = new Map<string, string[]>();
    for (const i of imports) if (!i.typeOnly && i.target) edges.set(i.from, [...(edges.get(i.from) ?? []), i.target]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') return void cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
      state.set(f, 'open');
      for (const t of edges.get(f) ?? []) walk(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of edges.keys()) walk(f, []);
    expect(cycles).toEqual([]);
  });

  it('the helpers that classify imports tell the cases apart', () => {
    const [typed, value] = [importsOf('src/mission/fence.ts'), importsOf('src/mission/errors.ts')];
    expect(typed.find((i) => i.target === 'firmware-bridge/mission/types.ts')?.typeOnly).toBe(true);
    expect(value.find((i) => i.target === 'lib/coded-error.ts')?.typeOnly).toBe(false);
    expect(isBuiltin('node:fs')).toBe(true);
    expect(isBuiltin('dgram')).toBe(true);
    expect(isBuiltin('zod')).toBe(false);
  });
});
