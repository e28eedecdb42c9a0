import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName, MetaError, parseDuration, parseRunMeta, RUN_ONLY_KEYS, tokenizeMeta } from '../../src/lib/blocks/meta.ts';

describe('tokenizeMeta (as Expressive Code reads meta)', () => {
  it('keeps quoted values and /regex/ values whole', () => {
    assert.deepEqual(tokenizeMeta('run id=a title="두 단어" ready=/Forwarding from/'), [
      { key: 'run', kind: 'boolean', raw: 'run' },
      { key: 'id', kind: 'string', value: 'a', raw: 'id=a' },
      { key: 'title', kind: 'string', value: '두 단어', raw: 'title="두 단어"' },
      { key: 'ready', kind: 'regexp', value: 'Forwarding from', raw: 'ready=/Forwarding from/' },
    ]);
  });

  it('reads bare quoted text, ranges and regexes as key-less markers', () => {
    assert.deepEqual(tokenizeMeta(`"npm run dev" 'run' /run/ {2-4}`), [
      { kind: 'string', value: 'npm run dev', raw: '"npm run dev"' },
      { kind: 'string', value: 'run', raw: "'run'" },
      { kind: 'regexp', value: 'run', raw: '/run/' },
      { kind: 'range', value: '2-4', raw: '{2-4}' },
    ]);
  });

  it('reads keyed ranges, including spaces and labels inside the braces', () => {
    assert.deepEqual(
      tokenizeMeta('ins={1,3-5} collapse={1-5, 12-14} del={"B":5}').map(({ key, kind, value }) => [key, kind, value]),
      [
        ['ins', 'range', '1,3-5'],
        ['collapse', 'range', '1-5, 12-14'],
        ['del', 'range', '"B":5'],
      ],
    );
  });

  it('unescapes the closing delimiter and backslashes only, and allows spaces around =', () => {
    assert.deepEqual(tokenizeMeta(String.raw`title = 'it\'s \d'`), [{ key: 'title', kind: 'string', value: String.raw`it's \d`, raw: String.raw`title = 'it\'s \d'` }]);
  });

  it('reads key=true|false and a key alone as booleans', () => {
    assert.deepEqual(
      tokenizeMeta('wrap=true preserveIndent=false showLineNumbers').map(({ key, kind, value }) => [key, kind, value]),
      [
        ['wrap', 'boolean', 'true'],
        ['preserveIndent', 'boolean', 'false'],
        ['showLineNumbers', 'boolean', undefined],
      ],
    );
  });

  it('leaves a quote that does not end a word inside the word', () => {
    assert.deepEqual(tokenizeMeta(`it's fine`).map((t) => t.raw), [`it's`, 'fine']);
  });
});

describe('until=', () => {
  it('reads the settled state a retried block waits for, and hashes it', async () => {
    const { blockHash } = await import('../../src/lib/blocks/hash.ts');
    const meta = parseRunMeta('run id=pod retry=60s until=/Running/');
    assert.equal(meta?.until?.source, 'Running');
    const plain = parseRunMeta('run id=pod retry=60s');
    assert.notEqual(blockHash('sh', 'x', meta!), blockHash('sh', 'x', plain!));
  });
});

describe('parseRunMeta', () => {
  it('ignores plain code blocks', () => {
    assert.equal(parseRunMeta(null), null);
    assert.equal(parseRunMeta(''), null);
    assert.equal(parseRunMeta('title="app.js" {2-4}'), null);
  });

  // Fences as other docs sites write them (Starlight/Expressive Code, Docusaurus, rustdoc, …):
  // none says `run` or `file=` as a key, so none is ours, and none is an error either.
  const plainFences = [
    '"npm run dev"',
    "title='npm run dev'",
    'title="npm run dev"',
    'title = "npm run dev"',
    '{2-4} ins={1}',
    '{1,3-5}',
    '/run/',
    "'run'",
    'title="app.js" {2-4}',
    'ins={2}',
    'del={1}',
    'frame="terminal"',
    'frame="none" title="run.sh"',
    '"run" /npm run/ {1,3-5}',
    'title="Run the app" mark="run"',
    'mark=/run\\s+id/',
    'ins={"A":1-3} del={"B":5}',
    'collapse={1-5, 12-14}',
    'showLineNumbers startLineNumber=5',
    'wrap preserveIndent=false hangingIndent=2',
    'lang="js"',
    '"npm run build" "file=app.js"',
    'title="file=app.js"',
    "{1} \"run\" 'file=x'",
    'title="a \\"run\\" b"',
    'no_run',
    'should_panic ignore',
    'filename="run.sh"',
    'run-id=3',
    'RUN',
  ];
  for (const meta of plainFences) {
    it(`leaves the plain fence \`${meta}\` alone`, () => {
      assert.equal(parseRunMeta(meta), null);
    });
  }

  it('reads a full run block', () => {
    const meta = parseRunMeta('run id=pods needs=docker,kind timeout=90s retry=1.5m normalize=kubectl-age,size secrets=TOKEN');
    assert.ok(meta);
    assert.equal(meta.run, true);
    assert.equal(meta.id, 'pods');
    assert.deepEqual(meta.needs, ['docker', 'kind']);
    assert.equal(meta.timeoutMs, 90_000);
    assert.equal(meta.retryMs, 90_000);
    assert.deepEqual(meta.normalize, ['kubectl-age', 'size']);
    assert.deepEqual(meta.secrets, ['TOKEN']);
    assert.equal(meta.expectedExit, 0);
    assert.equal(meta.presentation, '');
  });

  it('reads expect=fail, exit=N, background with ready, cleanup and hidden', () => {
    assert.equal(parseRunMeta('run id=a expect=fail')?.expectedExit, 'nonzero');
    assert.equal(parseRunMeta('run id=a exit=3')?.expectedExit, 3);
    const bg = parseRunMeta('run id=pf background ready=/Forwarding from/');
    assert.equal(bg?.background, true);
    assert.equal(bg?.ready?.test('Forwarding from 127.0.0.1:8080'), true);
    assert.equal(parseRunMeta('run id=pf background ready="Forwarding from"')?.ready?.source, 'Forwarding from');
    assert.equal(parseRunMeta('run id=c cleanup hidden')?.cleanup, true);
  });

  it('takes quoted values for its own keys', () => {
    const meta = parseRunMeta('run id="a" needs="docker,kind"');
    assert.equal(meta?.id, 'a');
    assert.deepEqual(meta?.needs, ['docker', 'kind']);
  });

  it('reads file blocks', () => {
    const meta = parseRunMeta('file=k8s/kubia-rc.yaml');
    assert.equal(meta?.run, false);
    assert.equal(meta?.file, 'k8s/kubia-rc.yaml');
  });

  // Expressive Code options on our blocks: kept as written, in order, for the renderer.
  const withPresentation: Array<[string, string, string | undefined]> = [
    ['run id=a title="npm run dev"', 'title="npm run dev"', 'npm run dev'],
    ["run id=a title='두 단어' frame=\"terminal\"", "title='두 단어' frame=\"terminal\"", '두 단어'],
    ['run id=a {2-4} ins={1} del={3} mark=/docker/ "hello"', '{2-4} ins={1} del={3} mark=/docker/ "hello"', undefined],
    ['{2} run id=a /run/ \'run\'', "{2} /run/ 'run'", undefined],
    [
      'run id=a wrap showLineNumbers startLineNumber=5 collapse={1-3} collapseStyle=collapsible-auto preserveIndent=false hangingIndent=2',
      'wrap showLineNumbers startLineNumber=5 collapse={1-3} collapseStyle=collapsible-auto preserveIndent=false hangingIndent=2',
      undefined,
    ],
    ['run id=a ShowLineNumbers add={1} rem={2} ins={"A":1-3}', 'ShowLineNumbers add={1} rem={2} ins={"A":1-3}', undefined],
    ['file=app.js title="app.js" {3} lang="js"', 'title="app.js" {3} lang="js"', 'app.js'],
  ];
  for (const [meta, presentation, title] of withPresentation) {
    it(`passes Expressive Code options through on \`${meta}\``, () => {
      const parsed = parseRunMeta(meta);
      assert.ok(parsed);
      assert.equal(parsed.presentation, presentation);
      assert.equal(parsed.title, title);
    });
  }

  it('keeps its own options apart from the presentation ones', () => {
    const meta = parseRunMeta('run title="x" id=a {2} needs=docker');
    assert.equal(meta?.id, 'a');
    assert.deepEqual(meta?.needs, ['docker']);
    assert.equal(meta?.presentation, 'title="x" {2}');
  });

  const bad: Array<[string, RegExp, RegExp]> = [
    ['run id=a neds=docker', /unknown key "neds"/, /did you mean `needs`\? valid keys: run, id, needs/],
    ['run id=a titel="x"', /unknown key "titel"/, /did you mean `title`\?/],
    ['run id=a timout=5s', /unknown key "timout"/, /did you mean `timeout`\?/],
    ['run id=a foo', /unknown key "foo"/, /^valid keys: .*Expressive Code's title, frame/],
    ['run id=a needs=podman', /unknown capability "podman"/, /docker, kind/],
    ['run id=a needs=dokcer', /unknown capability "dokcer"/, /did you mean `docker`\?/],
    ['run id=a normalize=pull-progres', /unknown normaliser "pull-progres" in normalize=/, /did you mean `pull-progress`\? valid names: .*buildkit.*kubectl-age/],
    ['run id=a normalize=size,bogus', /unknown normaliser "bogus"/, /^valid names: /],
    ['file=../etc/passwd', /escapes the note's work dir/, /relative path/],
    ['file=/tmp/x', /escapes the note's work dir/, /relative path/],
    ['file=/etc/', /escapes the note's work dir/, /relative path/],
    ['file', /"file" needs a value/, /file=…/],
    ['run id=a timeout=soon', /timeout=soon is not a duration/, /timeout=90s/],
    ['run id=a timeout=abc', /timeout=abc is not a duration/, /timeout=90s/],
    ['run id=a timeout=90', /timeout=90 is not a duration/, /ms, s or m/],
    ['run id=a timeout=0s', /timeout=0s is no time at all/, /positive duration/],
    ['run id=a retry=0ms', /retry=0ms is no time at all/, /retry=90s/],
    ['run id=a expect=success', /expect=success is not understood/, /expect=fail/],
    ['run id=a expect=fail exit=2', /expect=fail and exit=2 contradict each other/, /keep one/],
    ['run id=a exit=0 expect=fail', /expect=fail and exit=0 contradict each other/, /keep one/],
    ['run id=a id=b', /given twice/, /keep one/],
    ['run=yes id=a', /is a flag/, /just "run"/],
    ['run id=a background=true', /"background" is a flag/, /just "background"/],
    ['run id=Bad_ID', /not a valid block id/, /lowercase/],
    ['run id=a ready=/x/', /only applies to background/, /add `background`/],
    ['run id=a background ready=/(/', /not a valid regular expression/, /ready=\/pattern\//],
    ['run id=a file=x', /both run and be a file/, /file=/],
    ['run id=a exit=300', /not an exit code/, /0 to 255/],
    ['run id=a exit=1.5', /not an exit code/, /0 to 255/],
    ['run id=a until=/Running/', /until= needs retry=/, /retry=120s/],
    ['run id=a retry=10s until=/(/', /not a valid regular expression/, /until=\/pattern\//],
  ];
  for (const key of RUN_ONLY_KEYS) {
    const value = { needs: '=docker', expect: '=fail', exit: '=1', timeout: '=5s', retry: '=5s', background: '', ready: '=/x/', until: '=/Running/', cleanup: '', secrets: '=TOKEN', normalize: '=size' }[key];
    bad.push([`file=x ${key}${value}`, new RegExp(`run option "${key}" on a file block`), /file blocks are only written/]);
  }
  for (const [meta, message, hint] of bad) {
    it(`rejects \`${meta}\` with a hint`, () => {
      assert.throws(
        () => parseRunMeta(meta),
        (error: unknown) => {
          assert.ok(error instanceof MetaError, String(error));
          assert.match(error.message, message);
          assert.match(error.hint, hint);
          return true;
        },
      );
    });
  }
});

describe('closestName', () => {
  it('suggests a name a typo away, and nothing for a different word', () => {
    assert.equal(closestName('neds', ['run', 'id', 'needs']), 'needs');
    assert.equal(closestName('Needs', ['run', 'id', 'needs']), 'needs');
    assert.equal(closestName('x', ['run', 'id', 'needs']), undefined);
    assert.equal(closestName('banana', ['run', 'id', 'needs']), undefined);
  });
});

describe('parseDuration', () => {
  it('understands ms, s and m', () => {
    assert.equal(parseDuration('250ms', 'timeout'), 250);
    assert.equal(parseDuration('2s', 'timeout'), 2000);
    assert.equal(parseDuration('2m', 'timeout'), 120_000);
  });
});
