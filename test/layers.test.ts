/**
 * The layers hold: each folder imports only what lies below it, examples use only the public
 * entries, and no module comes back to itself through runtime imports. The rules live in
 * support/layers.ts; the fixture tree below shows each one firing on a deliberately wrong import.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeViolation,
  importsOf,
  layerViolations,
  readSourceTree,
  runtimeCycles,
  type SourceTree,
} from './support/layers.js';

const root = new URL('../', import.meta.url);

/** A small package that keeps every rule. */
const CLEAN: Record<string, string> = {
  'index.ts': `export * from './actors/index.js';\nexport * from './views/index.js';`,
  'actors/index.ts': `export { spawn } from './process.js';`,
  'actors/process.ts': `import { nanoid } from 'nanoid';\nexport const spawn = () => nanoid();`,
  'views/wire.ts': `export const STATIC = 's';`,
  'views/render/index.ts': `export { diff } from './diff.js';`,
  'views/render/diff.ts': [
    `import { STATIC } from '../wire.js';`,
    `import type { Pid } from '../../actors/index.js';`,
    `export const diff = (pid: Pid) => [STATIC, pid];`,
  ].join('\n'),
  'views/index.ts': `export { mount } from './view-process.js';`,
  'views/view-process.ts': [
    `import { spawn } from '../actors/index.js';`,
    `import { diff } from './render/index.js';`,
    `export const mount = () => diff(spawn());`,
  ].join('\n'),
  'transport/frame.ts': `export type Frame = [string, string];`,
  'transport/server.ts': `import { mount } from '../views/index.js';\nexport const serve = mount;`,
  'client/view.ts': [
    `import morphdom from 'morphdom';`,
    `import { STATIC } from '../views/wire.js';`,
    `import type { Frame } from '../transport/frame.js';`,
    `export const patch = (f: Frame) => morphdom(f[0], STATIC);`,
  ].join('\n'),
  'examples/counter.ts': [
    `import { spawn } from 'liveactor/actors';`,
    `import { mount } from '../views/index.js';`,
    `import { layout } from './layout.js';`,
    `export default () => layout(mount(), spawn());`,
  ].join('\n'),
  'examples/layout.ts': `export const layout = (...a: unknown[]) => a;`,
};

/** CLEAN with one file replaced or added. */
function withFile(file: string, source: string): SourceTree {
  return new Map(Object.entries({ ...CLEAN, [file]: source }));
}

describe('the layer checker, on a fixture tree', () => {
  it('finds nothing wrong in a tree that keeps every rule', () => {
    const tree = new Map(Object.entries(CLEAN));
    expect(layerViolations(tree)).toEqual([]);
    expect(runtimeCycles(tree)).toEqual([]);
  });

  const wrong: [rule: string, file: string, source: string, specifier: string][] = [
    [
      'actors/ reaching into views/',
      'actors/process.ts',
      `import '../views/index.js';`,
      '../views/index.js',
    ],
    [
      'the engine importing the view runtime',
      'views/render/diff.ts',
      `import { mount } from '../view-process.js';`,
      '../view-process.js',
    ],
    [
      'the engine importing transport/, even for a type',
      'views/render/diff.ts',
      `import type { Frame } from '../../transport/frame.js';`,
      '../../transport/frame.js',
    ],
    [
      'the engine loading actors/ at run time',
      'views/render/diff.ts',
      `import { spawn } from '../../actors/index.js';`,
      '../../actors/index.js',
    ],
    [
      'views/ importing transport/',
      'views/view-process.ts',
      `export { serve } from '../transport/server.js';`,
      '../transport/server.js',
    ],
    [
      'views/ importing client/ dynamically',
      'views/view-process.ts',
      `export const load = () => import('../client/view.js');`,
      '../client/view.js',
    ],
    [
      'views/ naming client/ in a type',
      'views/view-process.ts',
      `export type Patch = typeof import('../client/view.js').patch;`,
      '../client/view.js',
    ],
    [
      'client/ importing the engine',
      'client/view.ts',
      `import { diff } from '../views/render/diff.js';`,
      '../views/render/diff.js',
    ],
    [
      'an example reaching past the public entry',
      'examples/counter.ts',
      `import { mount } from '../views/view-process.js';`,
      '../views/view-process.js',
    ],
    [
      'an example reaching past the public entry, by package name',
      'examples/counter.ts',
      `import { spawn } from 'liveactor/actors/process.js';`,
      'liveactor/actors/process.js',
    ],
  ];

  it.each(wrong)('names the file and the import: %s', (_rule, file, source, specifier) => {
    const found = layerViolations(withFile(file, `// a comment\n${source}`));
    expect(found).toEqual([{ file, line: 2, specifier, rule: expect.any(String) }]);
  });

  it('says which rule an import breaks', () => {
    const [found] = layerViolations(withFile('client/view.ts', `import '../views/index.js';`));
    expect(describeViolation(found!)).toBe(
      "client/view.ts:1 imports '../views/index.js': client/ imports only views/wire.ts and transport/frame.ts",
    );
  });

  it('is not fooled by imports written in comments, strings or examples', () => {
    const source = [
      `// import { serve } from '../transport/server.js';`,
      `/** @example import { patch } from '../client/view.js'; */`,
      `export const text = "import('../client/view.js')";`,
      'export const template = `export * from "../transport/server.js"`;',
    ].join('\n');
    expect(importsOf('views/notes.ts', source)).toEqual([]);
    expect(layerViolations(withFile('views/notes.ts', source))).toEqual([]);
  });

  it('reports a runtime cycle as its path, and leaves a type-only one alone', () => {
    const cyclic = withFile('views/render/diff.ts', `import { diff } from './index.js';`);
    expect(runtimeCycles(cyclic)).toEqual([
      ['views/render/diff.ts', 'views/render/index.ts', 'views/render/diff.ts'],
    ]);
    const typeOnly = withFile('views/render/diff.ts', `import type { diff } from './index.js';`);
    expect(runtimeCycles(typeOnly)).toEqual([]);
    // Kept as `import {}` under verbatimModuleSyntax: it still runs the module.
    const inlineType = withFile('views/render/diff.ts', `import { type diff } from './index.js';`);
    expect(runtimeCycles(inlineType)).toHaveLength(1);
  });

  it('finds a longer cycle, and one through a dynamic import', () => {
    const tree = new Map(Object.entries(CLEAN));
    tree.set('actors/process.ts', `import './mailbox.js';`);
    tree.set('actors/mailbox.ts', `export const load = () => import('./index.js');`);
    expect(runtimeCycles(tree)).toEqual([
      ['actors/index.ts', 'actors/process.ts', 'actors/mailbox.ts', 'actors/index.ts'],
    ]);
  });
});

describe('the package', () => {
  let tree: SourceTree;
  beforeAll(async () => {
    tree = await readSourceTree(root);
  });

  it('is read whole, imports and all', () => {
    // Guards the guard: a reader that found no files or no imports would pass every rule.
    expect(tree.size).toBeGreaterThan(100);
    const edges = [...tree].flatMap(([file, source]) => importsOf(file, source));
    expect(edges).toContainEqual(
      expect.objectContaining({ file: 'views/view-supervisor.ts', target: 'actors/index.ts' }),
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ file: 'client/view.ts', target: 'views/wire.ts' }),
    );
  });

  it('keeps its layers: every import points down, examples use only the public entries', () => {
    expect(layerViolations(tree).map(describeViolation)).toEqual([]);
  });

  it('has no runtime import cycle', () => {
    expect(runtimeCycles(tree).map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});
