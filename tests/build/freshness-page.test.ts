// The page shows, under each output, what became of the block on another environment: the
// results file (content/outputs/<note>.<env>.json) of a run with --env, planted here in a copy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { siteCopy } from '../support/site-copy.ts';

describe('another environment on the page', { timeout: 180_000 }, () => {
  it('shows same / drift with its diff folded / rot with the error, under the right outputs', async () => {
    const copy = await siteCopy();
    try {
      const environment = { os: 'Debian', runner: 'kubia-notes', docker: { client: '28.5.0', server: '28.5.0' }, kubernetes: { client: 'v1.37.0', server: 'v1.37.0', context: 'kind-kubia-notes-latest' }, kind: 'v0.35.0' };
      await copy.write(
        'content/outputs/week-02.latest.json',
        JSON.stringify({
          note: 'week-02',
          environmentName: 'latest',
          ranAt: '2026-12-03T05:00:00.000Z',
          environment,
          blocks: {
            'hello-world': { verdict: 'passed', exitCode: 0 },
            'get-nodes': { verdict: 'drift', exitCode: 0, message: 'output differs from the recording', diff: '-kubia-notes-control-plane   Ready   v1.34.11\n+kubia-notes-control-plane   Ready   v1.37.0' },
            'book-generator': { verdict: 'rot', exitCode: 0, message: 'exited with 0, expected a failure' },
          },
        }),
      );
      const build = await copy.build();
      assert.equal(build.code, 0, build.output);
      const html = await copy.read('dist/notes/week-02/index.html');
      const lineOf = (block: string) => {
        const start = html.indexOf(`data-output-for="${block}"`);
        const next = html.indexOf('data-output-for="', start + 20);
        return html.slice(start, next);
      };
      assert.match(lineOf('hello-world'), /data-freshness="latest" data-freshness-verdict="passed"[\s\S]*최신 환경\(Docker 28\.5\.0\)에서:[\s\S]*같음/);
      assert.match(lineOf('get-nodes'), /data-freshness-verdict="drift"[\s\S]*최신 환경\(Kubernetes v1\.37\.0\)에서:[\s\S]*출력이 달라짐[\s\S]*<details class="freshness__diff"[^>]*><summary>차이 보기<\/summary><pre><code>-kubia-notes-control-plane/);
      assert.match(lineOf('book-generator'), /data-freshness-verdict="rot"[\s\S]*명령이 깨짐[\s\S]*exited with 0, expected a failure/);
      assert.doesNotMatch(lineOf('docker-build'), /data-freshness/, 'no line where the other environment has no result');
    } finally {
      await copy.dispose();
    }
  });
});
