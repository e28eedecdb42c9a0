// The book's next chapters as a new author writes them (tests/fixtures/notes): chapters 3
// and 4 written right, and a first draft of chapter 3 with the mistakes a newcomer makes.
// `verify-notes --static` in a scratch project must pass the right notes on to their
// recordings and stop the draft at every mistake, each at its file:line with a hint.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BlockError } from '../../src/lib/blocks/block-error.ts';
import { blocksOf, noteModelOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { PROMPTS } from '../../src/lib/blocks/prompts.ts';
import { fixtureProject } from '../support/project.ts';

const FIXTURES = new URL('../fixtures/notes/', import.meta.url);
const draftText = readFileSync(new URL('week-03-first-draft.mdx', FIXTURES), 'utf8');
/** The 1-based line of the first line holding `needle`. */
const lineOf = (text: string, needle: string) => {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `the fixture still holds ${needle}`);
  return index + 1;
};

/** Every problem the block model finds in a note, as `line: problem` with its hint. */
function problemsOf(text: string): Array<{ line: number; problem: string; hint: string }> {
  try {
    blocksOf(parseMdx(text, 'n.mdx'), 'n.mdx');
    return [];
  } catch (error) {
    assert.ok(error instanceof BlockError, String(error));
    return error.errors.map(({ line, problem, hint }) => ({ line, problem, hint }));
  }
}

const note = (...fences: string[]) => `# 노트\n\n${fences.join('\n\n')}\n`;
const run = (meta: string, code: string) => `\`\`\`sh run id=a needs=kind ${meta}\n${code}\n\`\`\``;

describe('chapters 3 and 4, and a first draft, in a scratch project', () => {
  let project: Awaited<ReturnType<typeof fixtureProject>>;
  let staticRun: Awaited<ReturnType<typeof project.run>>;
  let draftOnly: Awaited<ReturnType<typeof project.run>>;

  before(async () => {
    project = await fixtureProject({});
    for (const name of ['week-03', 'week-04', 'week-03-first-draft']) await copyFile(new URL(`${name}.mdx`, FIXTURES), join(project.root, 'content/notes', `${name}.mdx`));
    staticRun = await project.run('--static', '--note', 'week-03', '--note', 'week-04');
    draftOnly = await project.run('--static', '--note', 'week-03-first-draft');
  });
  after(() => project.dispose());

  it('the right notes: every run block found, none recorded yet, no block error', () => {
    assert.equal(staticRun.code, 1, staticRun.stderr);
    assert.doesNotMatch(staticRun.stderr, /hint: (?!record it with `npm run verify-notes -- --update --note week-0[34]`)/);
    for (const id of ['create-pod', 'get-pod-yaml', 'explain-pods', 'pod-logs', 'port-forward', 'curl-pod', 'labels', 'namespace', 'pods-cleanup', 'liveness', 'get-rs', 'daemonset', 'job', 'cronjob', 'controllers-cleanup']) {
      assert.match(staticRun.stderr, new RegExp(`\\b${id}\\b`), `${id} is reported`);
    }
  });

  it('the draft: exit 2 and one file:line with a hint for every mistake', () => {
    assert.equal(draftOnly.code, 2, draftOnly.stderr);
    const at = (needle: string, problem: RegExp, hint: RegExp) => {
      const location = `content/notes/week-03-first-draft.mdx:${lineOf(draftText, needle)}: `;
      const lines = draftOnly.stderr.split('\n');
      const index = lines.findIndex((line) => line.replace(/^✗ /, '').startsWith(location) && problem.test(line));
      assert.ok(index >= 0, `${location}${problem} in:\n${draftOnly.stderr}`);
      assert.match(lines[index + 1] ?? '', /^ {2}hint: /);
      assert.match(lines[index + 1] ?? '', hint);
    };
    at('$ kubectl get nodes', /starts with a shell prompt/, /write just the command/);
    at('kubectl create -f kubia-gpu.yaml', /kubia-gpu\.yaml, which the file block at line \d+ writes only later/, /move the .*file=kubia-gpu\.yaml.* above/);
    at('id=get-pods needs=kubernetes', /unknown capability "kubernetes"/, /needs=kind/);
    at('id=get-pods needs=kind', /duplicate block id "get-pods"/, /its own id/);
    at('kubectl exec -it', /needs a terminal/, /kubectl exec kubia-manual -- /);
    at('kubectl edit', /opens an editor/, /kubectl patch|kubectl label|file=/);
    at('kubectl get po -w', /never ends by itself/, /until=/);
    at('kubectl logs -f', /may never end/, /timeout=|background/);
    at('kubectl port-forward', /never ends by itself/, /background ready=/);
    at('timout=30s', /unknown key "timout"/, /did you mean `timeout`/);
    at('title=레이블 붙은 파드', /unknown key "붙은"/, /title="레이블 붙은 파드"/);
    at('id=파드-삭제', /not a valid block id/, /lowercase letters/);
    at('file=k8s\\kubia-gpu.yaml', /backslash/, /file=k8s\/kubia-gpu\.yaml/);
    at('id=describe-gpu-pod', /not closed/, /close it with/);
  });
});

describe('every note with problems, in one run', () => {
  it('--static names the problems of each note, not only of the first', async () => {
    const project = await fixtureProject({ 'week-03': '```sh run id=a neds=kind\necho\n```', 'week-04': '```sh run id=b needs=kind\nkubectl get po -w\n```' });
    try {
      const checked = await project.run('--static');
      assert.equal(checked.code, 2, checked.stderr);
      assert.match(checked.stderr, /content\/notes\/week-03\.mdx:5: unknown key "neds"/);
      assert.match(checked.stderr, /content\/notes\/week-04\.mdx:6: `kubectl get po -w` never ends by itself/);
    } finally {
      await project.dispose();
    }
  });
});

describe('run blocks that cannot work in a session, said before they run', () => {
  it('a prompt, but not a variable or a here-document line', () => {
    const [prompt] = problemsOf(note(run('', 'echo ok\n$ kubectl get po')));
    assert.equal(prompt?.line, 5, 'the line of the command, under the fence at line 3');
    assert.match(prompt?.problem ?? '', /^`\$ kubectl get po` starts with a shell prompt/);
    assert.deepEqual(problemsOf(note(run('', 'echo "$HOME"\n$(echo true)\ncat <<EOF\n$ not a prompt here\nEOF'))), []);
  });

  it('every prompt of the one list: `bash> ` (which bash reads as a redirection) and `❯ `, but not a `# ` comment', () => {
    for (const prompt of PROMPTS) {
      const [found] = problemsOf(note(run('', `echo ok\n  ${prompt}kubectl get po`)));
      assert.equal(found?.line, 5, prompt);
      assert.equal(found?.problem, `\`${prompt.trim()} kubectl get po\` starts with a shell prompt \`${prompt}\``);
      assert.match(found?.hint ?? '', /^write just the command \(`kubectl get po`\)/);
    }
    assert.deepEqual(problemsOf(note(run('', '# kubectl get po\necho "bash> x"\ncat <<EOF\nbash> not a prompt here\nEOF'))), []);
  });

  it('a terminal: exec/run/attach -it, docker -it, but not docker build -t, docker run -d -it or an expected failure', () => {
    for (const code of ['kubectl exec -it kubia -- sh', 'kubectl exec -ti kubia -- sh', 'kubectl -n x exec --stdin --tty kubia -- sh', 'kubectl run -it --rm x --image=busybox', 'docker exec -it web bash', 'docker run -it busybox sh']) {
      assert.match(problemsOf(note(run('', code)))[0]?.problem ?? '', /needs a terminal/, code);
    }
    assert.match(problemsOf(note(run('', 'docker run --name web -p 8080:8080 -it busybox sh')))[0]?.problem ?? '', /needs a terminal/);
    for (const code of ['docker build -t kubia .', 'docker run -dit --name web busybox', 'docker run --rm busybox ls -lt', 'docker exec web ls -t', 'docker run --rm -e TERM=x busybox top -t', 'kubectl exec kubia -- ps', 'kubectl exec -i kubia -- cat']) {
      assert.deepEqual(problemsOf(note(run('', code))), [], code);
    }
    assert.deepEqual(problemsOf(note(run('expect=fail', 'docker exec -it web bash'))), []);
  });

  it('a watch, a port-forward or a proxy: only in the background, bounded by `timeout` or sent off with &', () => {
    for (const code of ['kubectl get po -w', 'kubectl get pods --watch', 'kubectl -n x get po -Aw', 'KUBECONFIG=x kubectl get po -w', 'sudo kubectl get po -w', 'kubectl get po -w | head -3', 'kubectl port-forward kubia 8888:8080', 'kubectl proxy', 'kubectl attach kubia']) {
      assert.match(problemsOf(note(run('', code)))[0]?.problem ?? '', /never ends by itself/, code);
    }
    const answered: Array<[string, string]> = [
      ['background ready=/Forwarding/', 'kubectl port-forward kubia 8888:8080'],
      ['', 'timeout 5 kubectl get po -w || true'],
      ['', 'kubectl get po -owide'],
      ['', 'kubectl get po -o wide'],
      ['', 'kubectl rollout status deployment kubia -w'],
      ['', 'kubectl proxy &\nsleep 1'],
    ];
    for (const [meta, code] of answered) {
      assert.deepEqual(problemsOf(note(run(meta, code))), [], code);
    }
  });

  it('a follow (logs -f, tail -f) ends only when what it follows does: it needs timeout= or background', () => {
    for (const code of ['kubectl logs -f kubia', 'kubectl logs --follow job/batch-job', 'docker logs -f web', 'tail -f /tmp/x']) {
      assert.match(problemsOf(note(run('', code)))[0]?.problem ?? '', /may never end/, code);
    }
    assert.deepEqual(problemsOf(note(run('timeout=120s', 'kubectl logs -f job/batch-job'))), []);
  });

  it('kubectl edit, which waits for an editor', () => {
    assert.match(problemsOf(note(run('', 'kubectl edit po kubia')))[0]?.problem ?? '', /opens an editor/);
  });

  it('a file used before its block writes it, not one written earlier too, nor one cleanup uses', () => {
    const file = '```yaml file=pod.yaml\nkind: Pod\n```';
    assert.match(problemsOf(note(run('', 'kubectl create -f pod.yaml'), file))[0]?.problem ?? '', /uses pod\.yaml, which the file block at line \d+ writes only later/);
    assert.match(problemsOf(note(run('', 'kubectl apply --filename=./pod.yaml'), file))[0]?.problem ?? '', /uses pod\.yaml/);
    assert.deepEqual(problemsOf(note(file, run('', 'kubectl create -f pod.yaml'), file.replace('Pod', 'Service'))), []);
    assert.deepEqual(problemsOf(note('```sh run id=c needs=kind cleanup\nkubectl delete -f pod.yaml\n```', file)), []);
    // A block that writes the file itself (a here-document, kubectl's own YAML) uses its own file.
    assert.deepEqual(problemsOf(note(run('', 'cat > pod.yaml <<EOF\nkind: Pod\nEOF\nkubectl create -f pod.yaml'), file)), []);
    assert.deepEqual(problemsOf(note(run('', 'kubectl get po x -o yaml | tee ./pod.yaml'), run('', 'kubectl apply -f pod.yaml').replace('id=a', 'id=b'), file)), []);
    assert.deepEqual(problemsOf(note(run('', 'kubectl get po x -o yaml > "pod.yaml"'), run('', 'kubectl apply -f pod.yaml').replace('id=a', 'id=b'), file)), []);
  });

  it('a fence left open runs on into the next block: said at the open one', () => {
    const problems = problemsOf(note('```sh run id=a\necho a\n\n## 다음\n\n```sh run id=b\necho b\n```'));
    assert.equal(problems[0]?.line, 3);
    assert.match(problems[0]?.problem ?? '', /not closed: the fence at line 8 .* is read as its code/);
    // Also when the next block is plain code (the book's interactive example, not run).
    assert.match(problemsOf(note('```sh run id=a\necho a\n\n```sh\ndocker exec -it web bash\n```'))[0]?.problem ?? '', /not closed: the fence at line 6/);
  });

  it('a longer fence may hold a shorter one in a here-document: that is no open fence', () => {
    assert.deepEqual(problemsOf(note("````sh run id=a\ncat > README.md <<'EOF'\n```js\nconsole.log(1)\n```\nEOF\n````")), []);
    // A here-string (<<<) is no here-document: the fence after it is still found.
    assert.match(problemsOf(note('```sh run id=a\ncat <<< "x"\n\n```sh run id=b\necho b\n```'))[0]?.problem ?? '', /not closed: the fence at line 6/);
  });

  it('a duplicate id is found even when the first block has another problem', () => {
    const problems = problemsOf(note('```sh run id=a neds=kind\necho\n```', '```sh run id=a\necho\n```'));
    assert.deepEqual(problems.map((p) => p.line), [3, 7]);
    assert.match(problems[1]?.problem ?? '', /duplicate block id "a" \(first used at line 3\)/);
  });
});

describe('requires: in the front matter, which the page shows as what the note needs', () => {
  const withFrontmatter = (requires: string, ...fences: string[]) => `---\ntitle: t\n${requires}summary: s\n---\n\n${fences.join('\n\n')}\n`;
  const docker = '```sh run id=d needs=docker\ndocker ps\n```';
  const kind = '```sh run id=k needs=kind\nkubectl get po\n```';

  it('must hold what the blocks need, said at its line with the list to write', () => {
    const [missing] = problemsOf(withFrontmatter('requires: [docker]\n', docker, kind));
    assert.equal(missing?.line, 3);
    assert.match(missing?.problem ?? '', /requires: leaves out kind, which the block at line \d+ needs/);
    assert.match(missing?.hint ?? '', /requires: \[docker, kind\], or leave requires: out/);
    const [alsoExtra] = problemsOf(withFrontmatter('requires:\n  - docker\n', kind));
    assert.match(alsoExtra?.problem ?? '', /requires: leaves out kind/);
    assert.match(alsoExtra?.hint ?? '', /requires: \[kind, docker\]/, 'the list to write keeps what the author added');
  });

  it('more than the blocks need is kept, with a notice at its line (kind runs on Docker)', () => {
    const text = withFrontmatter('requires:\n  - docker\n  - kind\n', kind);
    assert.deepEqual(problemsOf(text), []);
    const model = noteModelOf(parseMdx(text, 'n.mdx'), 'n.mdx');
    assert.deepEqual(model.needs, ['kind']);
    assert.equal(model.notices.length, 1);
    assert.match(model.notices[0] ?? '', /^n\.mdx:3: requires: lists docker, which no block's needs= asks for; the page shows it as written/);
    assert.deepEqual(noteModelOf(parseMdx(withFrontmatter('requires: [kind]\n', kind), 'n.mdx'), 'n.mdx').notices, []);
  });

  it('verify-notes says the notice, also when the note comes from its parse cache', async () => {
    const project = await fixtureProject({ n: kind }, { n: 'requires: [docker, kind]' });
    try {
      for (let run = 0; run < 2; run++) {
        const { code, stderr } = await project.run('--static');
        assert.equal(code, 1, `unrecorded, not refused: ${stderr}`);
        assert.match(stderr, /ℹ content\/notes\/n\.mdx:3: requires: lists docker, which no block's needs= asks for/);
      }
    } finally {
      await project.dispose();
    }
  });

  it('as the blocks need it, in any order or form; left out, it is derived from the blocks', () => {
    assert.deepEqual(problemsOf(withFrontmatter('', kind)), []);
    assert.deepEqual(problemsOf(withFrontmatter('requires: [kind, docker]\n', docker, kind)), []);
    assert.deepEqual(problemsOf(withFrontmatter('', '```sh\nls\n```')), []);
    assert.deepEqual(problemsOf(note(kind)), []);
    const derived = (text: string) => noteModelOf(parseMdx(text, 'n.mdx'), 'n.mdx');
    assert.deepEqual(derived(withFrontmatter('', kind, docker)).needs, ['docker', 'kind'], 'in the order of CAPABILITIES');
    assert.deepEqual(derived(withFrontmatter('', kind, docker)).notices, []);
    assert.deepEqual(derived(withFrontmatter('', '```sh\nls\n```')).needs, []);
  });
});

describe('YAML file blocks, which kubectl would refuse', () => {
  it('a tab as indentation, at the note line of the tab, with the fix', () => {
    const [tab] = problemsOf(note('```yaml file=kubia-manual.yaml\napiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n```'));
    assert.equal(tab?.line, 7);
    assert.match(tab?.problem ?? '', /^kubia-manual\.yaml is not valid YAML: Tabs are not allowed as indentation/);
    assert.match(tab?.hint ?? '', /indent with spaces/);
  });

  it('a duplicate key and an unclosed quote in the second document of a file', () => {
    const problems = problemsOf(note('```yml file=a.yaml\nmetadata:\n  name: a\n  name: b\n```', '```yaml file=b.yaml\nkind: Pod\n---\nkind: "Service\n```'));
    assert.deepEqual(problems.map((p) => p.line), [6, 12]);
    assert.match(problems[0]?.problem ?? '', /a\.yaml is not valid YAML: Map keys must be unique/);
    assert.match(problems[1]?.problem ?? '', /b\.yaml is not valid YAML: Missing closing "quote/);
  });

  it('the fixtures\' manifests and plain yaml fences (not written to the work dir) are not read', () => {
    assert.deepEqual(problemsOf(note('```yaml\na: [1\n```')), []);
    assert.deepEqual(problemsOf(readFileSync(new URL('week-04.mdx', FIXTURES), 'utf8')), []);
  });
});

describe('components pasted from other docs sites', () => {
  it('an element this site does not have stops at its line, naming the ones it has', () => {
    const problems = problemsOf(note('<Tabs>\n<TabItem label="kubectl">\n\n```sh\nkubectl get svc\n```\n\n</TabItem>\n</Tabs>', 'text with <Aside type="tip">an aside</Aside> inline'));
    assert.deepEqual(problems.map((p) => [p.line, p.problem]), [
      [3, '<Tabs> is not a component of this site'],
      [4, '<TabItem> is not a component of this site'],
      [13, '<Aside> is not a component of this site'],
    ]);
    assert.match(problems[0]?.hint ?? '', /<Question page="…">, <Answer>, <Note>, <Caution>, <BookChange book="…" now="…" proof="…">/);
  });

  it('HTML elements, our components, and what the note imports or exports itself pass', () => {
    const text = "import { Tabs } from './tabs.tsx';\nexport const Hint = () => null;\n\n<Note>\n<details><summary>더 보기</summary>x</details>\n</Note>\n\n<Tabs />\n\n<Hint />\n\n<RcPodsService />\n";
    assert.deepEqual(problemsOf(text), []);
  });

  it('the list is the one the note page gives MDX', async () => {
    const { NOTE_COMPONENTS } = await import('../../src/lib/blocks/note-components.ts');
    const page = readFileSync(new URL('../../src/pages/notes/[id]/index.astro', import.meta.url), 'utf8');
    const given = /<Content components=\{\{([^}]*)\}\}/.exec(page)?.[1]?.split(',').map((name) => name.trim()).filter(Boolean) ?? [];
    // RunBlock is the remark plugin's, never written by an author.
    assert.deepEqual([...given].filter((name) => name !== 'RunBlock').sort(), [...NOTE_COMPONENTS].sort());
  });
});

describe('meta as a newcomer writes it', () => {
  const metaProblem = (meta: string) => problemsOf(note(`\`\`\`sh ${meta}\necho\n\`\`\``))[0];

  it('needs= naming Kubernetes itself points at kind', () => {
    for (const name of ['kubernetes', 'k8s', 'kubectl']) assert.match(metaProblem(`run id=a needs=${name}`)?.hint ?? '', /Kubernetes blocks say needs=kind/, name);
  });

  it('a value with spaces, unquoted: the quoted form; a list with a space: the list without it', () => {
    assert.match(metaProblem('run id=a title=파드 목록 보기')?.hint ?? '', /title="파드 목록 보기"/);
    assert.match(metaProblem('run id=a needs=docker, kind')?.hint ?? '', /needs=docker,kind/);
  });

  it('a Windows path in file=', () => {
    const problem = problemsOf(note('```yaml file=k8s\\pod.yaml\nx: 1\n```'))[0];
    assert.match(problem?.problem ?? '', /file=k8s\\pod\.yaml uses a backslash/);
    assert.match(problem?.hint ?? '', /file=k8s\/pod\.yaml/);
  });
});
