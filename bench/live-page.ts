/**
 * What a benchmark client reads from a live page to join its view, as the official client does:
 * the container's id and tokens, and the CSRF token the join's params carry.
 *
 * @example
 * const page = await getPage('http://127.0.0.1:4000/counter');
 * const join = joinPayload('http://127.0.0.1:4000/counter', page);
 * socket.send(JSON.stringify(['1', '1', join.topic, 'phx_join', join.payload]));
 */
import { once } from 'node:events';
import { type Agent, get, type IncomingMessage } from 'node:http';

/** Reads the container id and tokens from a dead render, whatever the attribute order. */
export function containerOf(page: string): { id: string; session: string; staticToken: string } {
  const tag = page.match(/<[a-z]+\s[^>]*data-phx-session="[^"]*"[^>]*>/)?.[0];
  const attr = (name: string): string | undefined =>
    tag?.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  const id = attr('id');
  const session = attr('data-phx-session');
  if (id === undefined || session === undefined) throw new Error('no live view container');
  return { id, session, staticToken: attr('data-phx-static') ?? '' };
}

/** The page's CSRF token (its meta tag), for the socket's params and the join's. */
export function csrfOf(page: string): string {
  return page.match(/<meta name="csrf-token" content="([^"]*)"/)?.[1] ?? '';
}

/**
 * GETs a page; by default over a connection of its own (no keep-alive: no idle HTTP socket
 * stays behind), or through `agent`.
 */
export async function getPage(
  url: string,
  options: { readonly localAddress?: string | undefined; readonly agent?: Agent } = {},
): Promise<string> {
  const { localAddress, agent } = options;
  const request = get(url, {
    agent: agent ?? false,
    ...(localAddress === undefined ? {} : { localAddress }),
  });
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  let body = '';
  for await (const chunk of response) body += String(chunk);
  return body;
}

/** The topic and `phx_join` payload that join the view of `page`, fetched from `url`. */
export function joinPayload(url: string, page: string): { topic: string; payload: object } {
  const { id, session, staticToken } = containerOf(page);
  return {
    topic: `lv:${id}`,
    payload: {
      url,
      params: { _csrf_token: csrfOf(page), _mounts: 0, _mount_attempts: 0 },
      session,
      static: staticToken || null,
      sticky: false,
    },
  };
}
