/**
 * An example file as the README shows it: the examples import the source folders
 * (`'../views/index.js'`), a user of the package imports its entries (`'liveactor/views'`).
 *
 * @example
 * publishedImports("import { html } from '../views/render/index.js';");
 * // "import { html } from 'liveactor/views/render';"
 */
export function publishedImports(source: string): string {
  return source.replace(/from '\.\.\/((?:[a-z]+\/)*[a-z]+)\/index\.js'/g, "from 'liveactor/$1'");
}
