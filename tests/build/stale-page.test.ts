// The page never stamps "검증됨" on an output whose inputs changed, nor on one a single run
// printed: a built copy of the site with week-02's app.js edited, as an author would edit it
// without re-recording, and one recording marked as made by one run (--repeat 1).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { siteCopy } from '../support/site-copy.ts';

type Copy = Awaited<ReturnType<typeof siteCopy>>;

/** The output panel of one block in the built HTML, up to the next panel. */
function panelOf(html: string, block: string): string {
  const start = html.indexOf(`data-output-for="${block}"`);
  assert.ok(start >= 0, `the page has a panel for ${block}`);
  const next = html.indexOf('data-output-for="', start + 20);
  return html.slice(start, next < 0 ? undefined : next);
}

describe('a note edited after recording, built', { timeout: 180_000 }, () => {
  let copy: Copy;
  let html: string;
  before(async () => {
    copy = await siteCopy();
    const note = await copy.read('content/notes/week-02.mdx');
    const edited = note.replace(/(```js file=app\.js\n[\s\S]*?)response\.writeHead\(200\)/, '$1response.writeHead(500)');
    assert.notEqual(edited, note, 'the test found app.js in the note');
    await copy.write('content/notes/week-02.mdx', edited);
    // Every recording reproduced (two runs agreed) but one, whatever the committed file says.
    const recording = JSON.parse(await copy.read('content/outputs/week-02.json'));
    for (const [key, block] of Object.entries<{ kind: string; runs?: number }>(recording.blocks)) if (block.kind === 'run') block.runs = key === 'hello-world-leftover' ? 1 : 2;
    await copy.write('content/outputs/week-02.json', JSON.stringify(recording, null, 2));
    const build = await copy.build();
    assert.equal(build.code, 0, build.output);
    html = await copy.read('dist/notes/week-02/index.html');
  });
  after(() => copy?.dispose());

  it('shows every output after app.js as not verified, naming the file, with no stamp', () => {
    for (const block of ['docker-build', 'curl-container', 'get-pods', 'kubernetes-cleanup']) {
      const panel = panelOf(html, block);
      assert.match(panel, /^data-output-for="[^"]+" data-output-state="stale"/, block);
      assert.match(panel, /검증되지 않음: 기록한 뒤에 파일 app\.js이\(가\) 바뀌었습니다/, block);
      assert.doesNotMatch(panel, /data-verified/, `${block} carries no 검증됨 stamp`);
    }
  });

  it('still stamps the outputs recorded before app.js', () => {
    for (const block of ['hello-world', 'cmd-override']) {
      const panel = panelOf(html, block);
      assert.match(panel, /^data-output-for="[^"]+" data-output-state="recorded"/, block);
      assert.match(panel, /data-verified/, block);
    }
  });

  it('says "한 번만 실행됨: 재현 확인 안 됨" under an output recorded from one run, with no stamp', () => {
    const panel = panelOf(html, 'hello-world-leftover');
    assert.match(panel, /^data-output-for="[^"]+" data-output-state="unreproduced"/);
    assert.match(panel, /data-unreproduced[^>]*>\s*<span class="stamp__mark"[^>]*>한 번만 실행됨: 재현 확인 안 됨</);
    assert.doesNotMatch(panel, /data-verified|✓ 검증됨/);
    assert.match(html, /data-verification[\s\S]*?1개는 한 번만 실행됨\(재현 확인 안 됨\)/, 'the note\'s summary does not call every block verified');
  });
});
