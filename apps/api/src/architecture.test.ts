// Rooms by domain, imports in one direction (see the README's architecture section). The check
// works on folders, not files: every modules/<name> is one node, so are http, graphql, database,
// lib, config, jobs and cli; each root file (main → server → services) is a node of its own,
// because the entry points and the composition root are three layers, not one room. File-level
// tools (madge, dependency-cruiser) answer "is there a cycle between files", which two rooms can
// have between them without any file cycle; collapsing to folders is the whole point, and it
// takes a short walk over TypeScript's own import scanner, so no library.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const sourceRoot = dirname(fileURLToPath(import.meta.url));
/** Folders a module (modules/<name>) must never import: they sit above every module. */
const layersAboveModules = ['http', 'graphql'];

type FolderGraph = Map<string, Map<string, string>>;

function listSourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (!statSync(path).isDirectory()) return name.endsWith('.ts') ? [path] : [];
    return name === 'generated' && directory === sourceRoot ? [] : listSourceFiles(path);
  });
}

function resolveRelativeImport(importer: string, specifier: string): string {
  const base = resolve(dirname(importer), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  throw new Error(`${relative(sourceRoot, importer)} imports "${specifier}", which resolves to no file`);
}

/** The node a source file belongs to, or null for files outside the checked tree. */
export function folderOf(relativePath: string): string | null {
  const parts = relativePath.split(sep).join('/').split('/');
  if (parts[0] === '..' || parts[0] === 'generated') return null;
  if (parts.length === 1) return parts[0]!;
  return parts[0] === 'modules' ? `modules/${parts[1]}` : parts[0]!;
}

/** Edges between folders, each with one import that creates it (shown when a check fails). */
function buildFolderGraph(): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of listSourceFiles(sourceRoot)) {
    const from = folderOf(relative(sourceRoot, file))!;
    if (!graph.has(from)) graph.set(from, new Map());
    // preProcessFile lists `import`, `import type`, `export … from` and `import()` alike.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelativeImport(file, specifier);
      const to = folderOf(relative(sourceRoot, target));
      if (to === null || to === from) continue;
      const edges = graph.get(from)!;
      if (!edges.has(to)) edges.set(to, `${relative(sourceRoot, file)} imports ${relative(sourceRoot, target)}`);
    }
  }
  return graph;
}

/** A cycle of folders as [a, b, …, a], or null: a depth-first walk that stops at the first back edge. */
export function findCycle(graph: FolderGraph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    path.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

function describeCycle(graph: FolderGraph, cycle: string[]): string {
  const steps = cycle.slice(1).map((to, index) => `  ${cycle[index]} → ${to}: ${graph.get(cycle[index]!)!.get(to)}`);
  return [`folder-level import cycle ${cycle.join(' → ')}`, ...steps].join('\n');
}

const graphOf = (edges: Record<string, string[]>): FolderGraph =>
  new Map(
    Object.entries(edges).map(([from, targets]) => [from, new Map(targets.map((to) => [to, `${from} imports ${to}`]))]),
  );

describe('the folder graph walk', () => {
  it('finds a cycle of three folders and nothing in a layered graph', () => {
    const ring = graphOf({
      http: ['graphql'],
      graphql: ['modules/a'],
      'modules/a': ['modules/b'],
      'modules/b': ['graphql'],
    });
    expect(findCycle(ring)).toEqual(['graphql', 'modules/a', 'modules/b', 'graphql']);
    const layered = graphOf({ http: ['graphql', 'lib'], graphql: ['modules/a', 'lib'], 'modules/a': ['lib'], lib: [] });
    expect(findCycle(layered)).toBeNull();
  });

  it('groups a module by its folder and each root file by itself', () => {
    expect(folderOf('modules/analytics/graphql/groups.resolver.ts')).toBe('modules/analytics');
    expect(folderOf('http/app.ts')).toBe('http');
    expect(folderOf('services.ts')).toBe('services.ts');
    expect(folderOf('generated/prisma/client.ts')).toBeNull();
  });
});

describe('apps/api/src imports', () => {
  const graph = buildFolderGraph();

  it('were read (the graph holds edges known to exist)', () => {
    expect(graph.get('http')?.has('graphql')).toBe(true);
    expect(graph.get('modules/ingest')?.has('modules/groups')).toBe(true);
  });

  it('form no cycle between folders', () => {
    const cycle = findCycle(graph);
    expect(cycle && describeCycle(graph, cycle)).toBeNull();
  });

  it('never go from a module up to http/, graphql/ or a root file', () => {
    const violations = [...graph]
      .filter(([from]) => from.startsWith('modules/'))
      .flatMap(([, edges]) => [...edges].filter(([to]) => layersAboveModules.includes(to) || to.endsWith('.ts')))
      .map(([, example]) => example);
    expect(violations).toEqual([]);
  });
});

describe('ingest routes', () => {
  // The rate limits live in services.ingestAdmission: a route that looked its key up directly
  // (a new endpoint, say) would have none.
  it('resolve ingest keys only through the admission, so every route has the rate limits', () => {
    const bypassing = listSourceFiles(join(sourceRoot, 'http'))
      .filter((path) => readFileSync(path, 'utf8').includes('findByIngestKey'))
      .map((path) => relative(sourceRoot, path));
    expect(bypassing).toEqual([]);
  });
});
