import type { PerMessageDeflateOptions } from 'ws';

/**
 * What `compress: true` asks of `ws`: permessage-deflate (RFC 7692) for every client that
 * offers it, with a small deflate window.
 *
 * With ws's defaults (a 32 KB window, memory level 8) a joined socket grew the server by about
 * 240 KB; a 4 KB window at memory level 5 halves that, at the same ratio on a 1,000-row join
 * (a page repeats itself within a row or two, well inside 4 KB) and on a counter's diffs
 * (`npm run bench -- compression`). The server may always announce a smaller window of its
 * own; the client's is left alone, since requiring `client_max_window_bits` would refuse the
 * browsers that do not offer it.
 * @internal
 */
export function perMessageDeflate(compress: boolean): PerMessageDeflateOptions | false {
  if (!compress) return false;
  return { serverMaxWindowBits: 12, zlibDeflateOptions: { memLevel: 5 } };
}
