import { describe, expect, it } from 'vitest';
import { renderMarkdown, type MentionResolver } from '../../../src/sim/core/markdown';

const dana = { id: 'DANA_ID', uuid: '11111111-1111-4111-8111-111111111111', displayName: 'Dana Ops' };
const bot = { id: 'BOT_ID', uuid: '22222222-2222-4222-8222-222222222222', displayName: 'AlertBot' };
const resolver: MentionResolver = {
  byId: (id) => (id === 'BOT_ID' ? bot : undefined),
  byEmail: (email) => (email === 'dana@example.com' ? dana : undefined),
};
const md = (s: string) => renderMarkdown(s, resolver);

describe('markdown → html/text (docs/webex-api.md §6)', () => {
  it('renders bold and italic in a paragraph and strips them from text', () => {
    const r = md('**CRITICAL** db-7 replication lag *45s* and _now_');
    expect(r.html).toBe('<p><strong>CRITICAL</strong> db-7 replication lag <em>45s</em> and <em>now</em></p>');
    expect(r.text).toBe('CRITICAL db-7 replication lag 45s and now');
  });

  it('keeps intraword underscores literal', () => {
    expect(md('use snake_case_name here').html).toBe('<p>use snake_case_name here</p>');
  });

  it('renders inline code without interpreting its content', () => {
    const r = md('run `kubectl get **pods** <x>`');
    expect(r.html).toBe('<p>run <code>kubectl get **pods** &lt;x&gt;</code></p>');
    expect(r.text).toBe('run kubectl get **pods** <x>');
  });

  it('renders fenced code blocks with a language class, escaped', () => {
    const r = md('```sql\nselect * from t where a < 1;\n```');
    expect(r.html).toBe('<pre><code class="language-sql">select * from t where a &lt; 1;\n</code></pre>');
    expect(r.text).toBe('select * from t where a < 1;');
  });

  it('renders links with rel="nofollow": [t](url), <url> and bare urls; unsafe schemes become text', () => {
    const r = md(
      'see [runbook](https://wiki.example/x) or <https://a.example/b> or http://c.example/d. [bad](javascript:alert(1))',
    );
    expect(r.html).toBe(
      '<p>see <a href="https://wiki.example/x" rel="nofollow">runbook</a> or <a href="https://a.example/b" rel="nofollow">https://a.example/b</a> or <a href="http://c.example/d" rel="nofollow">http://c.example/d</a>. bad</p>',
    );
    expect(r.text).toBe('see runbook or https://a.example/b or http://c.example/d. bad');
  });

  it('escapes raw HTML in the input', () => {
    const r = md('<script>alert(1)</script> & "q" <img src=x onerror=y>');
    expect(r.html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &lt;img src=x onerror=y&gt;</p>');
    expect(r.html).not.toContain('<script');
    expect(r.text).toBe('<script>alert(1)</script> & "q" <img src=x onerror=y>');
  });

  it('turns person mentions into spark-mention with the raw uuid and fills mentionedPeople', () => {
    const r = md('<@personEmail:dana@example.com> please ack, <@personId:BOT_ID|the bot>');
    expect(r.html).toBe(
      `<p><spark-mention data-object-type="person" data-object-id="${dana.uuid}">Dana Ops</spark-mention> please ack, <spark-mention data-object-type="person" data-object-id="${bot.uuid}">the bot</spark-mention></p>`,
    );
    expect(r.text).toBe('Dana Ops please ack, the bot');
    expect(r.mentionedPeople).toEqual(['DANA_ID', 'BOT_ID']);
    expect(r.mentionedGroups).toEqual([]);
  });

  it('de-duplicates mentions and renders unknown people as plain text', () => {
    const r = md(
      '<@personEmail:dana@example.com|Dana> <@personEmail:dana@example.com> <@personEmail:ghost@example.com|Ghost>',
    );
    expect(r.mentionedPeople).toEqual(['DANA_ID']);
    expect(r.html).toContain('Ghost');
    expect(r.html).not.toContain('ghost@example.com');
  });

  it('turns <@all> into a groupMention', () => {
    const r = md('<@all> SEV2 declared');
    expect(r.html).toBe(
      '<p><spark-mention data-object-type="groupMention" data-group-type="all">All</spark-mention> SEV2 declared</p>',
    );
    expect(r.mentionedGroups).toEqual(['all']);
    expect(r.mentionedPeople).toEqual([]);
  });

  it('renders headings, quotes, nested lists, ordered lists and paragraphs', () => {
    const r = md('# Title\n\n> quoted **b**\n\n- a\n- b\n  - nested\n- c\n\n3. three\n4. four\n\nlast');
    expect(r.html).toBe(
      '<h1>Title</h1><blockquote><p>quoted <strong>b</strong></p></blockquote><ul><li>a</li><li>b<ul><li>nested</li></ul></li><li>c</li></ul><ol start="3"><li>three</li><li>four</li></ol><p>last</p>',
    );
    expect(r.text).toBe('Title\nquoted b\na\nb\nnested\nc\nthree\nfour\nlast');
  });

  it('treats two trailing spaces as a hard break and a lone newline as a soft break', () => {
    expect(md('one  \ntwo\nthree').html).toBe('<p>one<br/>\ntwo\nthree</p>');
  });

  it('does not treat #hashtag as a heading', () => {
    expect(md('#incident-42 is open').html).toBe('<p>#incident-42 is open</p>');
  });

  it('survives pathological input of the maximum size (deep nesting, unclosed delimiters)', () => {
    const inputs = [
      '> '.repeat(3700),
      '*a '.repeat(2480),
      '_a '.repeat(2480),
      '[a'.repeat(3700),
      '*_'.repeat(1800) + 'x' + '_*'.repeat(1800),
      '  - a\n'.repeat(1200),
    ];
    for (const input of inputs) {
      const r = md(input);
      expect(r.html.length).toBeGreaterThan(0);
      expect(r.html).not.toMatch(/<(?!\/?(p|strong|em|code|pre|a|br|h[1-6]|blockquote|ul|ol|li|spark-mention)[\s>/])/);
    }
  });
});
