/**
 * A page fetched over a connection of its own (no keep-alive), so a load balancer in front of
 * several processes, node:cluster's primary included, may hand it to any of them.
 *
 * @example
 * const page = await freshPage(url, '/room');
 */
import { get } from 'node:http';
import { type Page, pageOf } from './live-client.js';

export function freshPage(base: string, path: string): Promise<Page> {
  const url = new URL(path, base).href;
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let html = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        html += chunk;
      });
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        resolve(pageOf(url, res.statusCode ?? 0, headers, html));
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}
