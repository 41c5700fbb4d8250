import { describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem } from '../../actors/system.js';
import { createTokenSigner } from '../../transport/token.js';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { counterView } from './fixtures.js';
import { serverSigner } from './server-fixtures.js';

const routes = [{ path: '/counter', view: counterView() }];

/** A system whose logger keeps its warnings, to see what the operator is told. */
function loggedSystem(): { system: ActorSystem; warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => {};
  const system = new ActorSystem({
    logger: {
      warn: (_obj, msg) => warnings.push(msg ?? ''),
      error: ignore,
      info: ignore,
      debug: ignore,
    },
  });
  onTestFinished(() => system.shutdown());
  return { system, warnings };
}

describe('the CSRF check on join', () => {
  it("joins with the page's own token from its meta tag", async () => {
    const { url } = await startLiveServer({ routes });
    const page = await getPage(url, '/counter');
    expect(page.csrfToken).not.toBe('');
    const view = await (await LiveClient.connect(url)).join(page);
    expect(view.reply.status).toBe('ok');
  });

  it('refuses a join with a garbage, missing or empty token as stale', async () => {
    const { url } = await startLiveServer({ routes });
    const page = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    for (const params of [
      { _csrf_token: 'garbage' },
      { _csrf_token: '' },
      { _csrf_token: 7 },
      {},
      undefined,
    ]) {
      const view = await client.join(page, { params });
      expect(view.reply, JSON.stringify(params)).toEqual({
        status: 'error',
        response: { reason: 'stale' },
      });
    }
  });

  it("refuses another page's token, and a token signed with another secret", async () => {
    const { url } = await startLiveServer({ routes });
    const [page, other] = [await getPage(url, '/counter'), await getPage(url, '/counter')];
    const client = await LiveClient.connect(url);
    const swapped = await client.join(page, { params: { _csrf_token: other.csrfToken } });
    expect(swapped.reply.response).toEqual({ reason: 'stale' });
    const { csrf } = serverSigner('csrf').verify(page.csrfToken) as { csrf: string };
    const foreign = createTokenSigner('another-secret-0123456789-abcdefghijklmno', 'csrf');
    const forged = await client.join(page, { params: { _csrf_token: foreign.sign({ csrf }) } });
    expect(forged.reply.response).toEqual({ reason: 'stale' });
    expect((await client.join(page)).reply.status).toBe('ok');
  });

  it('takes any token of its own with a session token that carries no nonce', async () => {
    const { url } = await startLiveServer({ routes });
    const page = await getPage(url, '/counter');
    const bare = serverSigner('session').sign({ id: page.id, route: '/counter', session: {} });
    const other = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    const view = await client.join(page, {
      session: bare,
      params: { _csrf_token: other.csrfToken },
    });
    expect(view.reply.status).toBe('ok');
    const garbage = await client.join(page, { session: bare, params: { _csrf_token: 'x' } });
    expect(garbage.reply.response).toEqual({ reason: 'stale' });
  });

  it('tells the operator once when joins come without any token (a layout without the meta tag)', async () => {
    const { system, warnings } = loggedSystem();
    const { url } = await startLiveServer({ routes, system });
    const client = await LiveClient.connect(url);
    const page = await getPage(url, '/counter');
    await client.join(page, { params: {} });
    await client.join(page, { params: {} });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/csrf-token/);
    await client.join(page, { params: { _csrf_token: 'wrong' } });
    expect(warnings).toHaveLength(1);
  });
});
