/**
 * The layer rules of the package (RULES, read top down: actors/ at the bottom, examples/ on top,
 * client/ beside them sharing only the wire vocabulary), and a checker that reads imports with
 * the TypeScript compiler, so an import written in a comment, a string or an `@example` is not
 * taken for one.
 *
 * Every import counts for the layer rules: static, `import type`, `export ... from`, `import()`
 * and `import('x').T` in a type. Only runtime imports count for cycles: an `import type` is
 * erased, while `import { type A }` stays as `import {}` under `verbatimModuleSyntax` and so
 * still runs the module. npm packages are allowed everywhere; `liveactor/x` counts as `x/index.ts`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import ts from 'typescript';

/** Source files by path from the package root (`views/html.ts`), with their text. */
export type SourceTree = ReadonlyMap<string, string>;

/** One import of one file; `target` is the file it resolves to, undefined for a package. */
export interface ImportEdge {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly target: string | undefined;
  readonly runtime: boolean;
}

/** An import that breaks a rule. */
export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly rule: string;
}

interface Rule {
  /** A folder (ending in `/`) or one file the rule applies to. */
  readonly from: string;
  /** What its files may import: folders (ending in `/`) or single files. */
  readonly allow: readonly string[];
  /** Places this layer may name in types only (`import type`), never load at run time. */
  readonly typesFrom?: readonly string[];
  readonly rule: string;
}

/** The package's entries: the only files an example may import from the library. */
export const PUBLIC_ENTRIES = [
  'index.ts',
  'actors/index.ts',
  'views/index.ts',
  'views/render/index.ts',
  'views/host/index.ts',
  'views/testing/index.ts',
  'transport/index.ts',
  'client/index.ts',
] as const;

/** Checked in order; the first whose `from` holds the file applies (views/render/ before views/). */
export const RULES: readonly Rule[] = [
  { from: 'actors/', allow: ['actors/'], rule: 'actors/ imports nothing outside actors/' },
  // The engine's errors extend the package's one error base class, which actors/ owns.
  {
    from: 'views/render/errors.ts',
    allow: ['actors/index.ts'],
    rule: 'views/render/errors.ts imports only the actors entry, for LiveActorError',
  },
  {
    from: 'views/render/',
    allow: ['views/render/', 'views/wire.ts'],
    typesFrom: ['actors/'],
    rule: 'views/render/ imports only itself, views/wire.ts and, type-only, actors/',
  },
  {
    from: 'views/',
    allow: ['views/', 'actors/'],
    rule: 'views/ imports neither transport/ nor client/',
  },
  {
    from: 'transport/',
    allow: ['transport/', 'views/', 'actors/'],
    rule: 'transport/ imports neither client/ nor examples/',
  },
  {
    from: 'client/',
    allow: ['client/', 'views/wire.ts', 'transport/frame.ts'],
    rule: 'client/ imports only views/wire.ts and transport/frame.ts',
  },
  {
    from: 'examples/',
    allow: ['examples/', ...PUBLIC_ENTRIES],
    rule: 'examples/ import the library only through its public entries',
  },
  { from: 'index.ts', allow: PUBLIC_ENTRIES, rule: 'index.ts re-exports public entries only' },
];

const PACKAGE = 'liveactor';

// Parsed once per file text: the rules and the cycle search read the same tree.
interface Parsed {
  readonly source: string;
  readonly edges: readonly ImportEdge[];
}
const parsed = new Map<string, Parsed>();

/** Every import of one file, resolved against the package root. */
export function importsOf(file: string, source: string): readonly ImportEdge[] {
  const known = parsed.get(file);
  if (known?.source === source) return known.edges;
  const edges = parse(file, source);
  parsed.set(file, { source, edges });
  return edges;
}

function parse(file: string, source: string): ImportEdge[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, runtime: boolean): void => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const target = resolve(file, specifier.text);
    edges.push({ file, line, specifier: specifier.text, target, runtime });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly !== true);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, !node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref)) add(node, ref.expression, !node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) add(node, arg.literal, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

/** The file a specifier names: `./x.js` is `x.ts`; `liveactor/views` is `views/index.ts`. */
function resolve(file: string, specifier: string): string | undefined {
  if (specifier === PACKAGE) return 'index.ts';
  if (specifier.startsWith(`${PACKAGE}/`)) return `${specifier.slice(PACKAGE.length + 1)}/index.ts`;
  if (!specifier.startsWith('.')) return undefined;
  const path = posix.join(posix.dirname(file), specifier);
  return path.endsWith('.js') ? `${path.slice(0, -3)}.ts` : path;
}

function holds(place: string, path: string): boolean {
  return place.endsWith('/') ? path.startsWith(place) : path === place;
}

/** Every import, in every file of `tree`, that its layer does not allow. */
export function layerViolations(tree: SourceTree): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of tree) {
    const rule = RULES.find((r) => holds(r.from, file));
    if (rule === undefined) continue;
    for (const edge of importsOf(file, source)) {
      if (edge.target === undefined) continue;
      if (rule.allow.some((place) => holds(place, edge.target!))) continue;
      if (!edge.runtime && rule.typesFrom?.some((place) => holds(place, edge.target!))) continue;
      violations.push({ file, line: edge.line, specifier: edge.specifier, rule: rule.rule });
    }
  }
  return violations;
}

/**
 * The runtime import cycles of `tree`, each as a path that returns to its start
 * (`['a.ts', 'b.ts', 'a.ts']`): one per strongly connected group of files.
 */
export function runtimeCycles(tree: SourceTree): string[][] {
  const graph = new Map<string, string[]>();
  for (const [file, source] of tree) {
    const targets = importsOf(file, source)
      .filter((e) => e.runtime && e.target !== undefined && tree.has(e.target))
      .map((e) => e.target!);
    graph.set(file, [...new Set(targets)].sort());
  }
  return stronglyConnected(graph)
    .filter((group) => group.length > 1 || graph.get(group[0]!)!.includes(group[0]!))
    .map((group) => cycleThrough(group.sort()[0]!, new Set(group), graph));
}

/** Tarjan's algorithm: the groups of files that reach each other. */
function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    groups.push(group);
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return groups;
}

/** The shortest path from `start` back to itself inside one group (breadth first). */
function cycleThrough(
  start: string,
  group: ReadonlySet<string>,
  graph: ReadonlyMap<string, readonly string[]>,
): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const next of graph.get(node) ?? []) {
      if (!group.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      queue.push(next);
    }
  }
  return [start, start];
}

/** The layered source files of the package at `root`: the library folders, examples, index.ts. */
export async function readSourceTree(root: URL): Promise<SourceTree> {
  const tree = new Map<string, string>();
  tree.set('index.ts', await readFile(new URL('index.ts', root), 'utf8'));
  for (const dir of ['actors', 'views', 'transport', 'client', 'examples']) {
    const names = await readdir(new URL(`${dir}/`, root), { recursive: true });
    for (const name of names.sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
      const path = `${dir}/${name.split('\\').join('/')}`;
      tree.set(path, await readFile(new URL(path, root), 'utf8'));
    }
  }
  return tree;
}

/** One line per violation, `file:line imports 'x': rule`, for a failure message. */
export function describeViolation({ file, line, specifier, rule }: Violation): string {
  return `${file}:${line} imports '${specifier}': ${rule}`;
}
