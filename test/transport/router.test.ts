import { describe, expect, it } from 'vitest';
import { Router } from '../../transport/router.js';

const url = (path: string) => new URL(path, 'http://localhost:4000');

const router = new Router([
  { path: '/', view: 'home' },
  { path: '/events/new', view: 'new-event' },
  { path: '/events/:id', view: 'event' },
  { path: '/events/:id/seats/:seat', view: 'seat' },
  { path: '/files/*rest', view: 'files' },
]);

function viewOf(path: string): string | undefined {
  return router.match(url(path))?.route.view;
}

describe('Router', () => {
  it('matches the root and literal paths', () => {
    expect(router.match(url('/'))).toEqual({ route: { path: '/', view: 'home' }, params: {} });
    expect(viewOf('/events/new')).toBe('new-event');
  });

  it('gives named segments as params', () => {
    expect(router.match(url('/events/42'))?.params).toEqual({ id: '42' });
    expect(router.match(url('/events/42/seats/A7'))).toEqual({
      route: { path: '/events/:id/seats/:seat', view: 'seat' },
      params: { id: '42', seat: 'A7' },
    });
  });

  it('tries routes in order, so a literal listed first wins over a parameter', () => {
    expect(viewOf('/events/new')).toBe('new-event');
    const reversed = new Router([
      { path: '/events/:id', view: 'event' },
      { path: '/events/new', view: 'new-event' },
    ]);
    expect(reversed.match(url('/events/new'))?.route.view).toBe('event');
  });

  it('tolerates one trailing slash in the request and in the pattern', () => {
    expect(router.match(url('/events/42/'))?.params).toEqual({ id: '42' });
    const slashed = new Router([{ path: '/about/', view: 'about' }]);
    expect(slashed.match(url('/about'))?.route.view).toBe('about');
    expect(slashed.match(url('/about/'))?.route.view).toBe('about');
  });

  it('does not match other paths', () => {
    for (const path of [
      '/events',
      '/events/42/seats',
      '/events/42/extra',
      '/nope',
      '/events//42',
      '/files/a//b',
      '/events/42//',
    ]) {
      expect(viewOf(path)).toBeUndefined();
    }
  });

  it('percent-decodes segments, including an encoded slash inside one', () => {
    expect(router.match(url('/events/caf%C3%A9%20bar'))?.params).toEqual({ id: 'café bar' });
    expect(router.match(url('/events/a%2Fb'))?.params).toEqual({ id: 'a/b' });
    expect(viewOf('/ev%65nts/new')).toBe('new-event');
  });

  it('does not match a path with a malformed escape', () => {
    expect(viewOf('/events/%E0%A4%A')).toBeUndefined();
    expect(viewOf('/events/%zz')).toBeUndefined();
  });

  it('gives a glob the remaining segments as an array, possibly empty', () => {
    expect(router.match(url('/files/a/b%20c/d.txt'))?.params).toEqual({
      rest: ['a', 'b c', 'd.txt'],
    });
    expect(router.match(url('/files'))?.params).toEqual({ rest: [] });
    expect(router.match(url('/files/'))?.params).toEqual({ rest: [] });
  });

  it('decodes the query string like a form, with path params over it', () => {
    expect(
      router.match(url('/events/7?tab=info&filter[day]=mon&ids[]=1&ids[]=2&id=1'))?.params,
    ).toEqual({
      tab: 'info',
      filter: { day: 'mon' },
      ids: ['1', '2'],
      id: '7',
    });
    expect(router.match(url('/?q=a+b'))?.params).toEqual({ q: 'a b' });
  });

  it('throws TypeError for malformed patterns', () => {
    for (const path of [
      '',
      'events',
      '/events//:id',
      '/events/:',
      '/events/:1d',
      '/events/:id-x',
      '/files/*rest/more',
      '/files/*',
      '/a/:id/:id',
      '/a?b',
      '/a#b',
      '/caf%C3%A9',
      '/a/:__proto__',
    ]) {
      expect(() => new Router([{ path, view: 'x' }]), path).toThrow(TypeError);
    }
    expect(() => new Router('/x' as never)).toThrow(TypeError);
    expect(() => new Router([{ path: 7 as unknown as string, view: 'x' }])).toThrow(TypeError);
  });

  it('throws TypeError for two patterns that match the same paths', () => {
    expect(
      () =>
        new Router([
          { path: '/a', view: 1 },
          { path: '/a/', view: 2 },
        ]),
    ).toThrow(TypeError);
    expect(
      () =>
        new Router([
          { path: '/e/:id', view: 1 },
          { path: '/e/:slug', view: 2 },
        ]),
    ).toThrow(TypeError);
    expect(
      () =>
        new Router([
          { path: '/f/*a', view: 1 },
          { path: '/f/*b', view: 2 },
        ]),
    ).toThrow(TypeError);
    expect(
      () =>
        new Router([
          { path: '/e/:id', view: 1 },
          { path: '/e/new', view: 2 },
          { path: '/e/*rest', view: 3 },
        ]),
    ).not.toThrow();
  });

  it('matches nothing when empty', () => {
    expect(new Router([]).match(url('/'))).toBeUndefined();
  });
});
