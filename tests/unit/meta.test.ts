import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetaError, parseDuration, parseRunMeta, tokenizeMeta } from '../../src/lib/blocks/meta.ts';

describe('tokenizeMeta', () => {
  it('keeps quoted values and /regex/ values whole', () => {
    assert.deepEqual(tokenizeMeta('run id=a title="두 단어" ready=/Forwarding from/'), [
      { key: 'run' },
      { key: 'id', value: 'a' },
      { key: 'title', value: '두 단어' },
      { key: 'ready', value: '/Forwarding from/' },
    ]);
  });
});

describe('parseRunMeta', () => {
  it('ignores plain code blocks', () => {
    assert.equal(parseRunMeta(null), null);
    assert.equal(parseRunMeta(''), null);
    assert.equal(parseRunMeta('title="app.js" {2-4}'), null);
  });

  it('reads a full run block', () => {
    const meta = parseRunMeta('run id=pods needs=docker,kind timeout=90s retry=1.5m normalize=age secrets=TOKEN');
    assert.ok(meta);
    assert.equal(meta.run, true);
    assert.equal(meta.id, 'pods');
    assert.deepEqual(meta.needs, ['docker', 'kind']);
    assert.equal(meta.timeoutMs, 90_000);
    assert.equal(meta.retryMs, 90_000);
    assert.deepEqual(meta.normalize, ['age']);
    assert.deepEqual(meta.secrets, ['TOKEN']);
    assert.equal(meta.expectedExit, 0);
  });

  it('reads expect=fail, exit=N, background with ready, cleanup and hidden', () => {
    assert.equal(parseRunMeta('run id=a expect=fail')?.expectedExit, 'nonzero');
    assert.equal(parseRunMeta('run id=a exit=3')?.expectedExit, 3);
    const bg = parseRunMeta('run id=pf background ready=/Forwarding from/');
    assert.equal(bg?.background, true);
    assert.equal(bg?.ready?.test('Forwarding from 127.0.0.1:8080'), true);
    assert.equal(parseRunMeta('run id=c cleanup hidden')?.cleanup, true);
  });

  it('reads file blocks', () => {
    const meta = parseRunMeta('file=k8s/kubia-rc.yaml');
    assert.equal(meta?.run, false);
    assert.equal(meta?.file, 'k8s/kubia-rc.yaml');
  });

  const bad: Array<[string, RegExp, RegExp]> = [
    ['run id=a neds=docker', /unknown key "neds"/, /valid keys: run, id, needs/],
    ['run', /a run block has no id/, /add a stable id/],
    ['run id=a needs=podman', /unknown capability "podman"/, /docker, kind/],
    ['file=../etc/passwd', /escapes the note's work dir/, /relative path/],
    ['file=/tmp/x', /escapes the note's work dir/, /relative path/],
    ['run id=a timeout=soon', /not a duration/, /timeout=90s/],
    ['run id=a expect=success', /expect=success is not understood/, /expect=fail/],
    ['run id=a id=b', /given twice/, /keep one/],
    ['run=yes id=a', /is a flag/, /just "run"/],
    ['run id=Bad_ID', /not a valid block id/, /lowercase/],
    ['run id=a ready=/x/', /only applies to background/, /add `background`/],
    ['run id=a background ready=/(/', /not a valid regular expression/, /ready=\/pattern\//],
    ['run id=a file=x', /both run and be a file/, /file=/],
    ['file=x needs=docker', /run options on a file block/, /file blocks/],
    ['run id=a exit=300', /not an exit code/, /0 to 255/],
  ];
  for (const [meta, message, hint] of bad) {
    it(`rejects \`${meta}\` with a hint`, () => {
      assert.throws(
        () => parseRunMeta(meta),
        (error: unknown) => error instanceof MetaError && message.test(error.message) && hint.test(error.hint),
      );
    });
  }
});

describe('parseDuration', () => {
  it('understands ms, s and m', () => {
    assert.equal(parseDuration('250ms', 'timeout'), 250);
    assert.equal(parseDuration('2s', 'timeout'), 2000);
    assert.equal(parseDuration('2m', 'timeout'), 120_000);
  });
});
