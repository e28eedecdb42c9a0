import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { idBase, IdNamer, inferredNeeds } from '../../src/lib/blocks/inferred-meta.ts';
import { aliasPrelude } from '../../src/lib/blocks/note-aliases.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';

const note = (body: string, front = 'title: t') => `---\n${front}\n---\n\n${body}\n`;
const blocks = (body: string, front?: string) => blocksOf(parseMdx(note(body, front), 'content/notes/x.mdx'), 'content/notes/x.mdx');
const fence = (meta: string, code: string) => `\`\`\`sh ${meta}\n${code}\n\`\`\`\n`;

describe('idBase: the first real command names a block', () => {
  const cases: Array<[string, string]> = [
    ['kubectl get po', 'kubectl-get'],
    ['kubectl -n kube-system get po', 'kubectl-get'],
    ['docker run busybox echo hi', 'docker-run'],
    ['docker --context x ps -a', 'docker-ps'],
    ['sudo docker images', 'docker-images'],
    ['env FOO=1 kubectl apply -f x.yaml', 'kubectl-apply'],
    ['KUBECONFIG=/x kubectl get nodes', 'kubectl-get'],
    ['cd app && docker build -t kubia .', 'docker-build'],
    ['export A=1\nkubectl version', 'kubectl-version'],
    ['kubectl get po | grep kubia', 'kubectl-get'],
    ['timeout 10 kubectl port-forward kubia 8080:8080', 'kubectl-port-forward'],
    ['timeout -s INT 5 docker logs -f x', 'docker-logs'],
    ['# a comment first\ncurl -s http://localhost:8080', 'curl'],
    ['POD=$(kubectl get po -o name)\necho $POD', 'kubectl-get'],
    ['/usr/local/bin/kind get clusters', 'kind-get'],
    ['./run.sh', 'run-sh'],
    ['echo $NAME', 'echo'],
    ['cd /tmp', 'cd'],
    ['# nothing to run', 'block'],
    ['kc() { kubectl "$@"; }\nkc get po x', 'kc-get'],
    ['function kc { kubectl "$@"; }\ndocker ps', 'docker-ps'],
    ["kubectl logs $(kubectl get pods -o name | cut -d/ -f2 | grep -m1 '^kubia-')", 'kubectl-logs'],
    ['docker rm -f `docker ps -aq`', 'docker-rm'],
    ['cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF', 'kubectl-apply'],
    ['echo hi', 'echo-hi'],
    ['wait_ready() {\n  kubectl wait --for=condition=Ready po --all\n}\nkubectl apply -f x.yaml', 'kubectl-apply'],
  ];
  for (const [code, id] of cases) it(`${JSON.stringify(code)} → ${id}`, () => assert.equal(idBase(code), id));

  it('sees through the note\'s aliases', () => {
    assert.equal(idBase('k get po', { k: 'kubectl' }), 'kubectl-get');
    assert.equal(idBase('kgp', { kgp: 'kubectl get pods' }), 'kubectl-get');
    assert.equal(idBase('a', { a: 'b', b: 'a' }), 'a', 'a loop of aliases ends');
    assert.equal(idBase('kc() { kubectl "$@"; }\nkc get po x', { kc: 'kubectl' }), 'kubectl-get', 'defining the alias names nothing');
  });
});

describe('IdNamer: Runme\'s duplicates', () => {
  it('numbers repeats -2, -3 and never takes an id the note writes', () => {
    const namer = new IdNamer(['kubectl-get-2']);
    assert.deepEqual(['kubectl-get', 'kubectl-get', 'kubectl-get', 'docker-ps'].map((base) => namer.next(base)), ['kubectl-get', 'kubectl-get-3', 'kubectl-get-4', 'docker-ps']);
  });
});

describe('inferredNeeds: what the commands use', () => {
  const cases: Array<[string, string[]]> = [
    ['docker ps', ['docker']],
    ['kubectl get po', ['kind']],
    ['kind get clusters', ['kind']],
    ['docker build -t x . && kubectl apply -f x.yaml', ['docker', 'kind']],
    ['sudo docker ps', ['docker']],
    ['echo $(kubectl get po -o name)', ['kind']],
    ['timeout 10 kubectl get po -w', ['kind']],
    ['curl -s http://localhost:8080', []],
    ['echo kubectl docker', []],
  ];
  for (const [code, needs] of cases) it(`${JSON.stringify(code)} → [${needs.join(', ')}]`, () => assert.deepEqual(inferredNeeds(code), needs));

  it('sees through aliases', () => assert.deepEqual(inferredNeeds('k get po', { k: 'kubectl' }), ['kind']));
});

describe('run blocks without id= or needs=', () => {
  it('get ids and needs in the block model, explicit meta winning', () => {
    const found = blocks(
      [
        fence('run', 'kubectl get po'),
        fence('run id=mine', 'kubectl get po'),
        fence('run', 'kubectl get svc'),
        fence('run needs=docker,kind', 'docker ps'),
        fence('run', 'echo hi'),
      ].join('\n'),
    );
    assert.deepEqual(
      found.map((b) => [b.key, b.meta.needs, b.meta.inferred ?? []]),
      [
        ['kubectl-get', ['kind'], ['id', 'needs']],
        ['mine', ['kind'], ['needs']],
        ['kubectl-get-2', ['kind'], ['id', 'needs']],
        ['docker-ps', ['docker', 'kind'], ['id']],
        ['echo-hi', [], ['id', 'needs']],
      ],
    );
  });

  it('keep an inferred id off an id written further down', () => {
    const found = blocks([fence('run', 'kubectl get po'), fence('run id=kubectl-get', 'kubectl get svc')].join('\n'));
    assert.deepEqual(found.map((b) => b.key), ['kubectl-get-2', 'kubectl-get']);
  });

  it('hash the same as the block written with the inferred meta', () => {
    const [inferred] = blocks(fence('run', 'docker ps'));
    const [written] = blocks(fence('run id=docker-ps needs=docker', 'docker ps'));
    assert.equal(inferred?.hash, written?.hash);
  });

  it('derive requires: from inferred needs', () => {
    assert.throws(() => blocks(fence('run', 'kubectl get po'), 'title: t\nrequires: [docker]'), /requires: leaves out kind, which the block at line 6 needs/);
  });
});

describe('front-matter aliases', () => {
  const front = 'title: t\naliases: { k: kubectl, kc: k }';

  it('are seen through by ids, needs and the checks of what a block runs', () => {
    const found = blocks([fence('run', 'k get po'), fence('run', 'kc get svc')].join('\n'), front);
    assert.deepEqual(found.map((b) => [b.key, b.meta.needs]), [['kubectl-get', ['kind']], ['kubectl-get-2', ['kind']]]);
    assert.deepEqual(found[0]?.aliases, { k: 'kubectl', kc: 'k' });
    assert.throws(() => blocks(fence('run', 'k exec -it kubia -- sh'), front), /:7: `k exec -it kubia -- sh` needs a terminal/);
  });

  it('enter the hash of a block that calls them, and only of such a block', () => {
    const [a, plainA] = blocks([fence('run id=a', 'kc get po'), fence('run id=b', 'kubectl get po')].join('\n'), front);
    const [b, plainB] = blocks([fence('run id=a', 'kc get po'), fence('run id=b', 'kubectl get po')].join('\n'), 'title: t\naliases: { k: kubecolor, kc: k }');
    assert.notEqual(a?.hash, b?.hash);
    assert.equal(plainA?.hash, plainB?.hash);
    const [none] = blocks(fence('run id=b', 'kubectl get po'));
    assert.equal(plainA?.hash, none?.hash, 'a note without aliases keeps its hashes');
  });

  it('are errors at the front matter line when they are no shell names or name no command', () => {
    assert.throws(() => blocks(fence('run', 'echo'), 'title: t\naliases: { "k g": kubectl }'), /x\.mdx:3: aliases: "k g" is not a name a shell can define/);
    assert.throws(() => blocks(fence('run', 'echo'), 'title: t\naliases: [kubectl]'), /x\.mdx:3: aliases: is not a map of names to commands/);
  });

  it('run in bash as the functions the session defines', () => {
    const prelude = aliasPrelude({ say: 'echo said', twice: 'say again' });
    const out = execFileSync('bash', ['-c', `${prelude}\ntwice "a b"`], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(out, 'said again a b\n');
  });
});
