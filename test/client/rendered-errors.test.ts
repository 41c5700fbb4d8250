import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import { RenderedError } from '../../client/rendered-errors.js';
import { diff } from './rendered-fixtures.js';

/** The code of the RenderedError that `run` throws, or a description of what happened instead. */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof RenderedError ? error.code : `not a RenderedError: ${String(error)}`;
  }
  return 'did not throw';
}

const list =
  '{"s":["<ul>","</ul>"],"0":{"s":["<li>","</li>"],"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2}}}';

describe('Rendered strictness', () => {
  it('throws ERR_RENDERED_NO_TEMPLATE for an integer s with no table in scope', () => {
    expect(codeOf(() => new Rendered('v', diff('{"s":0,"0":"x"}')))).toBe(
      'ERR_RENDERED_NO_TEMPLATE',
    );
    expect(codeOf(() => new Rendered('v', diff('{"s":3,"p":{"0":["a"]}}')))).toBe(
      'ERR_RENDERED_NO_TEMPLATE',
    );
    // A comprehension's own statics resolve only with the table from above, never its own p.
    expect(
      codeOf(
        () =>
          new Rendered(
            'v',
            diff('{"s":["",""],"0":{"s":0,"p":{"0":["<i>","</i>"]},"k":{"kc":0}}}'),
          ),
      ),
    ).toBe('ERR_RENDERED_NO_TEMPLATE');
  });

  it('throws ERR_RENDERED_NO_TEMPLATE when a later diff relies on an earlier diff p', () => {
    const rendered = new Rendered('v', diff('{"s":0,"p":{"0":["<a>","</a>"]},"0":"x"}'));
    expect(codeOf(() => rendered.mergeDiff(diff('{"0":{"s":0,"0":"y"}}')))).toBe(
      'ERR_RENDERED_NO_TEMPLATE',
    );
  });

  it('throws ERR_RENDERED_BAD_MOVE for a move from an index that did not exist', () => {
    const rendered = new Rendered('v', diff(list));
    expect(codeOf(() => rendered.mergeDiff(diff('{"0":{"k":{"0":2,"kc":2,"km":true}}}')))).toBe(
      'ERR_RENDERED_BAD_MOVE',
    );
    const again = new Rendered('v', diff(list));
    expect(
      codeOf(() => again.mergeDiff(diff('{"0":{"k":{"1":[-1,{"0":"x"}],"kc":2,"km":true}}}'))),
    ).toBe('ERR_RENDERED_BAD_MOVE');
    // A complete comprehension has no old entries to move from.
    expect(
      codeOf(
        () =>
          new Rendered('v', diff('{"s":["",""],"0":{"s":["",""],"k":{"0":0,"kc":1,"km":true}}}')),
      ),
    ).toBe('ERR_RENDERED_BAD_MOVE');
  });

  it('throws ERR_RENDERED_BAD_KEYED for a missing kc, a move without km, or a hole', () => {
    const cases = [
      '{"0":{"k":{"0":{"0":"x"}}}}',
      '{"0":{"k":{"0":1,"1":0,"kc":2}}}',
      '{"0":{"k":{"3":{"0":"d"},"kc":4}}}',
      '{"0":{"k":{"2":{"0":"c"},"kc":2}}}',
      '{"0":{"k":{"0":1,"kc":3,"km":true}}}',
    ];
    for (const update of cases) {
      const rendered = new Rendered('v', diff(list));
      expect(
        codeOf(() => rendered.mergeDiff(diff(update))),
        update,
      ).toBe('ERR_RENDERED_BAD_KEYED');
    }
  });

  it('throws ERR_RENDERED_NO_COMPONENT for references to cids that do not exist', () => {
    const join = '{"s":["<p>","</p>"],"0":1,"c":{"1":{"s":["<b>","</b>"],"r":1,"0":"one"}}}';
    const cases = [
      '{"c":{"2":{"s":-3}}}',
      '{"c":{"2":{"s":1}}}',
      '{"c":{"4":{"0":"partial"}}}',
      '{"s":["",""],"0":"","c":{"2":{"s":-1}}}',
    ];
    for (const update of cases) {
      const rendered = new Rendered('v', diff(join));
      expect(
        codeOf(() => rendered.mergeDiff(diff(update))),
        update,
      ).toBe('ERR_RENDERED_NO_COMPONENT');
    }
    const rendered = new Rendered('v', diff(join));
    rendered.mergeDiff(diff('{"0":5}'));
    expect(codeOf(() => rendered.toString())).toBe('ERR_RENDERED_NO_COMPONENT');
    expect(codeOf(() => rendered.componentToString(5))).toBe('ERR_RENDERED_NO_COMPONENT');
    rendered.mergeDiff(diff('{"0":1}'));
    rendered.pruneCIDs([1]);
    expect(codeOf(() => rendered.toString())).toBe('ERR_RENDERED_NO_COMPONENT');
  });

  it('throws ERR_RENDERED_MISSING_SLOT when rendering a complete node that lacks a slot', () => {
    const rendered = new Rendered('v', diff('{"s":["<a>","|","</a>"],"0":"x"}'));
    expect(codeOf(() => rendered.toString())).toBe('ERR_RENDERED_MISSING_SLOT');
    const entries = new Rendered(
      'v',
      diff(
        '{"s":["",""],"0":{"s":["<i>","|","</i>"],"k":{"0":{"0":"a","1":"b"},"1":{"0":"c"},"kc":2}}}',
      ),
    );
    expect(codeOf(() => entries.toString())).toBe('ERR_RENDERED_MISSING_SLOT');
  });

  it('throws ERR_RENDERED_NO_STATICS for a partial node the cache cannot take', () => {
    expect(codeOf(() => new Rendered('v', diff('{"0":"x"}')))).toBe('ERR_RENDERED_NO_STATICS');
    const rendered = new Rendered('v', diff('{"s":["<a>","</a>"],"0":"text"}'));
    expect(codeOf(() => rendered.mergeDiff(diff('{"0":{"0":"y"}}')))).toBe(
      'ERR_RENDERED_NO_STATICS',
    );
    expect(codeOf(() => rendered.mergeDiff(diff('{"0":{"k":{"kc":0}}}')))).toBe(
      'ERR_RENDERED_NO_STATICS',
    );
    // A new keyed entry is full: its nested nodes must carry s.
    const listed = new Rendered('v', diff(list));
    expect(codeOf(() => listed.mergeDiff(diff('{"0":{"k":{"2":{"0":{"0":"n"}},"kc":3}}}')))).toBe(
      'ERR_RENDERED_NO_STATICS',
    );
  });

  it('throws ERR_RENDERED_BAD_DIFF for malformed values and components that contain themselves', () => {
    expect(codeOf(() => new Rendered('v', diff('{"s":["",""],"0":null}')))).toBe(
      'ERR_RENDERED_BAD_DIFF',
    );
    expect(codeOf(() => new Rendered('v', diff('{"s":["",""],"0":["x"]}')))).toBe(
      'ERR_RENDERED_BAD_DIFF',
    );
    expect(codeOf(() => new Rendered('v', diff('{"s":"<p>","0":"x"}')))).toBe(
      'ERR_RENDERED_BAD_DIFF',
    );
    expect(
      codeOf(() => new Rendered('v', diff('{"s":["",""],"0":1,"c":{"1":{"s":2},"2":{"s":1}}}'))),
    ).toBe('ERR_RENDERED_BAD_DIFF');
    const loop = new Rendered(
      'v',
      diff('{"s":["",""],"0":1,"c":{"1":{"s":["<a>","</a>"],"0":1}}}'),
    );
    expect(codeOf(() => loop.toString())).toBe('ERR_RENDERED_BAD_DIFF');
  });

  it('names what was missing in the message', () => {
    const rendered = new Rendered('v', diff('{"s":["<p>","</p>"],"0":"x"}'));
    expect(() => rendered.mergeDiff(diff('{"c":{"2":{"s":-7}}}'))).toThrow(/component 7/);
    expect(() => rendered.mergeDiff(diff('{"0":{"s":4,"0":"y"}}'))).toThrow(/statics 4/);
  });
});
