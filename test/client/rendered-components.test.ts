import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import { diff } from './rendered-fixtures.js';

const counterJoin =
  '{"0":"0","1":1,"s":0,"r":1,"p":{"0":["<main>\\n  <span>","</span>\\n  ","\\n</main>"]},' +
  '"c":{"1":{"0":"ok","s":["<p id=\\"status\\">","</p>"],"r":1}},"t":"Counter"}';

/** A list of two component slots; cid 1 is a user row with a nested node. */
const usersJoin =
  '{"s":["<ul>","","</ul>"],"0":1,"1":"",' +
  '"c":{"1":{"s":["<li id=\\"","\\">","</li>"],"r":1,"0":"u1","1":{"s":["<b>","</b>"],"0":"Alice"}}}}';

describe('Rendered components', () => {
  it('follows the PROTOCOL 5.9 example, untagged by default', () => {
    const rendered = new Rendered('phx-F1', diff(counterJoin));
    expect(rendered.toString()).toBe('<main>\n  <span>0</span>\n  <p id="status">ok</p>\n</main>');
    rendered.mergeDiff(diff('{"0":"1"}'));
    expect(rendered.toString()).toBe('<main>\n  <span>1</span>\n  <p id="status">ok</p>\n</main>');

    const reply = diff('{"c":{"1":{"0":"saved"}},"r":{"saved":true}}');
    const { diff: tree, reply: answer } = Rendered.extract(reply);
    expect(answer).toEqual({ saved: true });
    expect(Rendered.isComponentOnlyDiff(reply)).toBe(true);
    expect(Rendered.isComponentOnlyDiff(tree)).toBe(true);
    expect(Rendered.componentCIDs(tree)).toEqual([1]);
    rendered.mergeDiff(tree);
    expect(rendered.componentToString(1)).toBe('<p id="status">saved</p>');
    expect(rendered.toString()).toBe(
      '<main>\n  <span>1</span>\n  <p id="status">saved</p>\n</main>',
    );
    rendered.mergeDiff(diff('{}'));
    expect(rendered.toString()).toBe(
      '<main>\n  <span>1</span>\n  <p id="status">saved</p>\n</main>',
    );
  });

  it('tags component roots with data-phx-component when asked', () => {
    const rendered = new Rendered('phx-F1', diff(counterJoin), { tagComponents: true });
    expect(rendered.toString()).toBe(
      '<main>\n  <span>0</span>\n  <p data-phx-component="1" id="status">ok</p>\n</main>',
    );
    const spaced = new Rendered(
      'phx-F1',
      diff('{"s":["",""],"0":7,"c":{"7":{"s":["\\n<!-- c -->\\n<br/>",""],"0":"x","r":1}}}'),
      { tagComponents: true },
    );
    expect(spaced.componentToString(7)).toBe('\n<!-- c -->\n<br data-phx-component="7"/>x');
  });

  it('copies a tree cached before the diff for s: -N, then merges the entry over it', () => {
    const rendered = new Rendered('phx-1', diff(usersJoin));
    rendered.mergeDiff(diff('{"1":2,"c":{"2":{"s":-1,"0":"u2","1":{"0":"Bob"}}}}'));
    expect(rendered.toString()).toBe(
      '<ul><li id="u1"><b>Alice</b></li><li id="u2"><b>Bob</b></li></ul>',
    );
    // The copy is deep: changing cid 1 later leaves cid 2 alone.
    rendered.mergeDiff(diff('{"c":{"1":{"1":{"0":"Alicia"}}}}'));
    expect(rendered.toString()).toBe(
      '<ul><li id="u1"><b>Alicia</b></li><li id="u2"><b>Bob</b></li></ul>',
    );
  });

  it('resolves -N against the pre-diff tree even when the same diff changes cid N', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"s":["","","",""],"0":5,"1":"","2":"",' +
          '"c":{"5":{"s":["<p>","</p>"],"r":1,"0":{"s":["<i>","</i>"],"0":"old"}}}}',
      ),
    );
    rendered.mergeDiff(
      diff('{"1":2,"2":7,"c":{"2":{"s":-5},"5":{"0":{"0":"new"}},"7":{"s":-5,"0":{"0":"seven"}}}}'),
    );
    expect(rendered.toString()).toBe('<p><i>new</i></p><p><i>old</i></p><p><i>seven</i></p>');
  });

  it('copies a tree defined in the same diff for s: +N, recursively along a chain', () => {
    const rendered = new Rendered('phx-1', diff('{"s":["","","",""],"0":"","1":"","2":""}'));
    rendered.mergeDiff(
      diff(
        '{"0":2,"1":3,"2":4,"c":{' +
          '"2":{"s":3,"0":"two"},' +
          '"3":{"s":4,"0":"three","1":{"0":"B3"}},' +
          '"4":{"s":["<a title=\\"","\\">","</a>"],"r":1,"0":"four","1":{"s":["<b>","</b>"],"0":"B4"}}}}',
      ),
    );
    expect(rendered.toString()).toBe(
      '<a title="two"><b>B3</b></a><a title="three"><b>B3</b></a><a title="four"><b>B4</b></a>',
    );
  });

  it('copies the merged tree for s: +N when the same diff updates cid N partially', () => {
    const rendered = new Rendered('phx-1', diff(usersJoin));
    rendered.mergeDiff(diff('{"1":9,"c":{"1":{"1":{"0":"Ann"}},"9":{"s":1,"0":"u9"}}}'));
    expect(rendered.toString()).toBe(
      '<ul><li id="u1"><b>Ann</b></li><li id="u9"><b>Ann</b></li></ul>',
    );
  });

  it('renders components nested in components and comprehensions with their own p', () => {
    const rendered = new Rendered(
      'phx-1',
      diff(
        '{"s":["<div>","</div>"],"0":1,"c":{' +
          '"1":{"s":["<ul>","</ul>"],"r":1,"0":{"s":["",""],"p":{"0":["<li>","</li>"]},' +
          '"k":{"0":{"0":{"s":0,"0":"a"}},"1":{"0":2},"kc":2}}},' +
          '"2":{"s":["<em>","</em>"],"r":1,"0":"two"}}}',
      ),
    );
    expect(rendered.toString()).toBe('<div><ul><li>a</li><em>two</em></ul></div>');
    expect(rendered.componentToString(2)).toBe('<em>two</em>');
  });

  it('drops every component when the root is replaced', () => {
    const rendered = new Rendered('phx-1', diff(counterJoin));
    rendered.mergeDiff(
      diff('{"s":["<a>","</a>"],"0":2,"c":{"2":{"s":["<b>","</b>"],"r":1,"0":"fresh"}}}'),
    );
    expect(rendered.toString()).toBe('<a><b>fresh</b></a>');
    expect(rendered.hasComponent(1)).toBe(false);
    expect(rendered.hasComponent(2)).toBe(true);
  });

  it('prunes destroyed cids and tracks resets until a complete tree arrives', () => {
    const rendered = new Rendered('phx-1', diff(usersJoin));
    rendered.mergeDiff(diff('{"1":2,"c":{"2":{"s":-1,"0":"u2"}}}'));
    rendered.resetRender(2);
    expect(rendered.isReset(2)).toBe(true);
    rendered.mergeDiff(diff('{"c":{"2":{"0":"partial"}}}'));
    expect(rendered.isReset(2)).toBe(true);
    rendered.mergeDiff(diff('{"c":{"2":{"s":["<i>","</i>"],"0":"back"}}}'));
    expect(rendered.isReset(2)).toBe(false);
    expect(rendered.toString()).toBe('<ul><li id="u1"><b>Alice</b></li><i>back</i></ul>');

    rendered.resetRender(2);
    rendered.mergeDiff(diff('{"1":""}'));
    rendered.pruneCIDs([2]);
    expect(rendered.hasComponent(2)).toBe(false);
    expect(rendered.isReset(2)).toBe(false);
    expect(rendered.toString()).toBe('<ul><li id="u1"><b>Alice</b></li></ul>');
  });

  it('reads a diff component table with the static helpers', () => {
    const full = diff('{"0":"x","c":{"1":{"0":"a"},"3":{"s":-1}},"e":[]}');
    expect(Rendered.isComponentOnlyDiff(full)).toBe(false);
    expect(Rendered.isComponentOnlyDiff(diff('{"0":"x"}'))).toBe(false);
    expect(Rendered.isComponentOnlyDiff(diff('{"c":{},"t":"x","e":[]}'))).toBe(true);
    expect(Rendered.componentCIDs(full)).toEqual([1, 3]);
    expect(Rendered.componentCIDs(diff('{"0":"x"}'))).toEqual([]);
    expect(Rendered.getComponent(full, 3)).toEqual({ s: -1 });
    expect(Rendered.getComponent(full, 2)).toBeUndefined();
  });
});
