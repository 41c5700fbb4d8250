/**
 * Content negotiation for the client bundle: which of the encodings the server holds (brotli,
 * gzip, none) a request's `Accept-Encoding` (RFC 9110, 12.5.3) asks for.
 */

/** The encodings a precompressed file is kept in, besides none. */
export type StoredEncoding = 'br' | 'gzip';

/**
 * The stored encoding the request weighs highest; brotli wins a tie (it is the smaller). A
 * coding the header does not name takes the weight of `*`, and `x-gzip` counts as `gzip`;
 * `q=0` refuses. Undefined means "send it unencoded": no header, or nothing we hold is wanted.
 * @internal
 *
 * @example
 * preferredEncoding('gzip, deflate, br'); // 'br'
 * preferredEncoding('br;q=0.5, gzip'); // 'gzip'
 * preferredEncoding(undefined); // undefined
 */
export function preferredEncoding(header: string | undefined): StoredEncoding | undefined {
  if (header === undefined) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim());
    if (coding === '') continue;
    weights.set(coding, weightOf(params));
  }
  const any = weights.get('*') ?? 0;
  const br = weights.get('br') ?? any;
  const gzip = weights.get('gzip') ?? weights.get('x-gzip') ?? any;
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return undefined;
}

/** The `q` of a coding's parameters: 1 when absent, 0 when it does not parse. */
function weightOf(params: readonly string[]): number {
  for (const param of params) {
    const match = /^q\s*=\s*(.*)$/.exec(param);
    if (match === null) continue;
    const q = /^[01](\.\d{0,3})?$/.test(match[1]!) ? Number(match[1]) : 0;
    return q <= 1 ? q : 0;
  }
  return 1;
}
