import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import { diff } from './rendered-fixtures.js';

describe('Rendered nodes and templates', () => {
  it('renders a complete node and merges a partial one', () => {
    const rendered = new Rendered(
      'phx-1',
      diff('{"s":["<p class=\\"","\\">","</p>"],"0":"a","1":"x"}'),
    );
    expect(rendered.toString()).toBe('<p class="a">x</p>');
    rendered.mergeDiff(diff('{"1":"y"}'));
    expect(rendered.toString()).toBe('<p class="a">y</p>');
    rendered.mergeDiff(diff('{}'));
    expect(rendered.toString()).toBe('<p class="a">y</p>');
  });

  it('resolves the PROTOCOL 5.3 example through the top-level templates table', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"0":"Users","1":{"s":0,"k":{"0":{"0":"phoenix"},"1":{"0":"elixir"},"kc":2}},"s":1,' +
          '"p":{"0":["\\n    <br>","\\n  "],"1":["<div>\\n  <h1>","</h1>\\n  ","\\n</div>"]}}',
      ),
    );
    expect(rendered.toString()).toBe(
      '<div>\n  <h1>Users</h1>\n  \n    <br>phoenix\n  \n    <br>elixir\n  \n</div>',
    );
  });

  it('follows the PROTOCOL 6.2 sequence: partial, string, complete again with p, slot', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"0":"Hi","1":{"0":"3","s":0},"s":1,"r":1,' +
          '"p":{"0":["<p>","</p>"],"1":["<div><h1>","</h1>","</div>"]}}',
      ),
    );
    expect(rendered.toString()).toBe('<div><h1>Hi</h1><p>3</p></div>');
    rendered.mergeDiff(diff('{"1":{"0":"4"}}'));
    expect(rendered.toString()).toBe('<div><h1>Hi</h1><p>4</p></div>');
    rendered.mergeDiff(diff('{"1":""}'));
    expect(rendered.toString()).toBe('<div><h1>Hi</h1></div>');
    rendered.mergeDiff(diff('{"1":{"0":"4","s":0},"p":{"0":["<p>","</p>"]}}'));
    expect(rendered.toString()).toBe('<div><h1>Hi</h1><p>4</p></div>');
    rendered.mergeDiff(diff('{"0":"Hey"}'));
    expect(rendered.toString()).toBe('<div><h1>Hey</h1><p>4</p></div>');
    rendered.mergeDiff(diff('{}'));
    expect(rendered.toString()).toBe('<div><h1>Hey</h1><p>4</p></div>');
  });

  it('merges nested partial nodes deeply and keeps slots the diff omits', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"s":["<a>","","</a>"],"0":{"s":["<b>","|","</b>"],"0":"x","1":{"s":["<c>","</c>"],"0":"y"}},"1":"z"}',
      ),
    );
    expect(rendered.toString()).toBe('<a><b>x|<c>y</c></b>z</a>');
    rendered.mergeDiff(diff('{"0":{"1":{"0":"Y"}}}'));
    expect(rendered.toString()).toBe('<a><b>x|<c>Y</c></b>z</a>');
  });

  it('replaces a node at a position when the diff node carries s', () => {
    const rendered = new Rendered(
      'phx-1',
      diff('{"s":["[","]"],"0":{"s":["<b>","</b>"],"0":"x"}}'),
    );
    rendered.mergeDiff(diff('{"0":{"s":["<i>","/","</i>"],"0":"p","1":"q"}}'));
    expect(rendered.toString()).toBe('[<i>p/q</i>]');
  });

  it('lets a node-level p override the inherited table for that node and below', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"s":0,"p":{"0":["<top>","</top>"],"1":["<outer>","</outer>"]},' +
          '"0":{"s":1,"p":{"1":["<own>","</own>"]},"0":{"s":1,"0":"x"}}}',
      ),
    );
    expect(rendered.toString()).toBe('<top><own><own>x</own></own></top>');
  });

  it('replaces the whole tree when a diff carries a top-level s', () => {
    const rendered = new Rendered('phx-1', diff('{"s":["<a>","</a>"],"0":"1"}'));
    rendered.mergeDiff(diff('{"s":0,"p":{"0":["<b>","","</b>"]},"0":"2","1":"3"}'));
    expect(rendered.toString()).toBe('<b>23</b>');
  });

  it('ignores top-level r, e and t when merging, and extract returns them', () => {
    const input = diff('{"0":"1","r":{"ok":true},"e":[["hi",{"a":1}]],"t":"Title"}');
    const extracted = Rendered.extract(input);
    expect(extracted.reply).toEqual({ ok: true });
    expect(extracted.events).toEqual([['hi', { a: 1 }]]);
    expect(extracted.title).toBe('Title');
    expect(extracted.diff).toEqual({ '0': '1' });
    expect(Rendered.extract(diff('{}'))).toEqual({
      diff: {},
      reply: null,
      events: [],
      title: undefined,
    });

    const rendered = new Rendered('phx-1', diff('{"s":["<p>","</p>"],"0":"0","r":1}'));
    rendered.mergeDiff(input);
    expect(rendered.toString()).toBe('<p>1</p>');
  });
});

describe('Rendered keyed comprehensions', () => {
  const join =
    '{"0":{"s":0,"k":{"0":{"0":"0","1":"First"},"1":{"0":"0","1":"Second"},"kc":2}},"s":1,' +
    '"p":{"0":["<li>"," ","</li>"],"1":["<ul>","</ul>"]}}';

  it('follows the PROTOCOL 5.4.1 sequence: reverse, count change, replace with a move', () => {
    const rendered = new Rendered('phx-1', diff(join));
    expect(rendered.toString()).toBe('<ul><li>0 First</li><li>0 Second</li></ul>');
    rendered.mergeDiff(diff('{"0":{"k":{"0":1,"1":0,"kc":2,"km":true}}}'));
    expect(rendered.toString()).toBe('<ul><li>0 Second</li><li>0 First</li></ul>');
    rendered.mergeDiff(diff('{"0":{"k":{"0":{"0":"1"},"1":{"0":"1"},"kc":2}}}'));
    expect(rendered.toString()).toBe('<ul><li>1 Second</li><li>1 First</li></ul>');
    // Order [1, 3]: entry 0 is old entry 1 (First); entry 1 is new and lands where First was.
    rendered.mergeDiff(diff('{"0":{"k":{"0":1,"1":{"0":"1","1":"Third"},"kc":2,"km":true}}}'));
    expect(rendered.toString()).toBe('<ul><li>1 First</li><li>1 Third</li></ul>');
    rendered.mergeDiff(diff('{"0":{"k":{"0":{"1":"First!"},"kc":2}}}'));
    expect(rendered.toString()).toBe('<ul><li>1 First!</li><li>1 Third</li></ul>');
  });

  it('applies [j, diff] moves with old indices taken from before the diff', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"s":["",""],"0":{"s":["<i>","</i>"],"k":{"0":{"0":"a"},"1":{"0":"b"},"2":{"0":"c"},"kc":3}}}',
      ),
    );
    rendered.mergeDiff(diff('{"0":{"k":{"0":[2,{"0":"C"}],"1":0,"2":1,"kc":3,"km":true}}}'));
    expect(rendered.toString()).toBe('<i>C</i><i>a</i><i>b</i>');
    // A prepend: the new entry lands on index 0, whose old entry moves to index 1.
    rendered.mergeDiff(diff('{"0":{"k":{"0":{"0":"new"},"1":0,"2":1,"3":2,"kc":4,"km":true}}}'));
    expect(rendered.toString()).toBe('<i>new</i><i>C</i><i>a</i><i>b</i>');
    rendered.mergeDiff(diff('{"0":{"k":{"1":{"0":"C2"},"kc":4}}}'));
    expect(rendered.toString()).toBe('<i>new</i><i>C2</i><i>a</i><i>b</i>');
  });

  it('grows, truncates by kc, and empties a comprehension', () => {
    const rendered = new Rendered(
      'phx-1',
      diff('{"s":["<ol>","</ol>"],"0":{"s":["<li>","</li>"],"k":{"0":{"0":"a"},"kc":1}}}'),
    );
    rendered.mergeDiff(diff('{"0":{"k":{"1":{"0":"b"},"2":{"0":"c"},"kc":3}}}'));
    expect(rendered.toString()).toBe('<ol><li>a</li><li>b</li><li>c</li></ol>');
    rendered.mergeDiff(diff('{"0":{"k":{"kc":2}}}'));
    expect(rendered.toString()).toBe('<ol><li>a</li><li>b</li></ol>');
    rendered.mergeDiff(diff('{"0":{"k":{"kc":0}}}'));
    expect(rendered.toString()).toBe('<ol></ol>');
    rendered.mergeDiff(diff('{"0":{"k":{"0":{"0":"z"},"kc":1}}}'));
    expect(rendered.toString()).toBe('<ol><li>z</li></ol>');
  });

  it('resolves entry nodes with the inherited table before the comprehension own p', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"s":2,"p":{"0":["<top>","</top>"],"2":["[","]"]},' +
          '"0":{"s":["",""],"p":{"0":["<own>","</own>"]},"k":{"0":{"0":{"s":0,"0":"x"}},"kc":1}}}',
      ),
    );
    expect(rendered.toString()).toBe('[<top>x</top>]');
  });

  it('resolves entry nodes with the comprehension p when nothing is inherited', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"s":["[","]"],"0":{"s":["",""],"p":{"0":["<own>","</own>"]},"k":{"0":{"0":{"s":0,"0":"x"}},"kc":1}}}',
      ),
    );
    expect(rendered.toString()).toBe('[<own>x</own>]');
    // A new entry with a nested node needs the table again: templates are scoped to one diff.
    rendered.mergeDiff(
      diff('{"0":{"p":{"0":["<new>","</new>"]},"k":{"1":{"0":{"s":0,"0":"y"}},"kc":2}}}'),
    );
    expect(rendered.toString()).toBe('[<own>x</own><new>y</new>]');
  });

  it('keeps the cache independent of moved-and-copied entries', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"s":["",""],"0":{"s":["<i>","</i>"],"k":{"0":{"0":{"s":["<b>","</b>"],"0":"a"}},"kc":1}}}',
      ),
    );
    // Old entry 0 ends up at both positions: a copy at 1, the original merged at 0.
    rendered.mergeDiff(diff('{"0":{"k":{"0":{"0":{"0":"A"}},"1":0,"kc":2,"km":true}}}'));
    expect(rendered.toString()).toBe('<i><b>A</b></i><i><b>a</b></i>');
    rendered.mergeDiff(diff('{"0":{"k":{"1":{"0":{"0":"second"}},"kc":2}}}'));
    expect(rendered.toString()).toBe('<i><b>A</b></i><i><b>second</b></i>');
  });
});

describe('Rendered streams', () => {
  const join =
    '{"s":["<ul id=\\"songs\\" phx-update=\\"stream\\">","</ul>"],' +
    '"0":{"s":["<li id=\\"","\\">","</li>"],' +
    '"k":{"0":{"0":"songs-1","1":"A"},"1":{"0":"songs-2","1":"B"},"kc":2},' +
    '"stream":["0",[["songs-2",-1,null,null],["songs-1",-1,null,null]],[]]}}';

  it('renders stream entries once, then keeps kc 0 (PROTOCOL 5.6)', () => {
    const rendered = new Rendered('phx-1', diff(join));
    const html =
      '<ul id="songs" phx-update="stream"><li id="songs-1">A</li><li id="songs-2">B</li></ul>';
    expect(rendered.toString()).toBe(html);
    expect(rendered.toString()).toBe(html);
    expect(rendered.pendingStreams()).toEqual([
      [
        '0',
        [
          ['songs-2', -1, null, null],
          ['songs-1', -1, null, null],
        ],
        [],
      ],
    ]);

    rendered.mergeDiff(diff('{}'));
    expect(rendered.toString()).toBe('<ul id="songs" phx-update="stream"></ul>');
    expect(rendered.pendingStreams()).toEqual([]);

    rendered.mergeDiff(
      diff(
        '{"0":{"k":{"0":{"0":"songs-3","1":"C"},"kc":1},"stream":["0",[["songs-3",0,10,false]],[]]}}',
      ),
    );
    expect(rendered.toString()).toBe(
      '<ul id="songs" phx-update="stream"><li id="songs-3">C</li></ul>',
    );
    expect(rendered.pendingStreams()).toEqual([['0', [['songs-3', 0, 10, false]], []]]);

    rendered.mergeDiff(diff('{"0":{"k":{"kc":0},"stream":["0",[],["songs-1"]]}}'));
    expect(rendered.toString()).toBe('<ul id="songs" phx-update="stream"></ul>');
    expect(rendered.pendingStreams()).toEqual([['0', [], ['songs-1']]]);
  });
});
