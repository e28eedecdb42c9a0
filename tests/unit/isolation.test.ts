import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksOfNote } from '../../src/lib/blocks/parse-note.ts';
import { ownedBy, placementOf } from '../../scripts/lib/isolation.ts';
import { commandsOf } from '../../src/lib/blocks/shell-words.ts';
import { fence, noteBlocks } from '../support/blocks.ts';

const placed = (note: string, ...fences: string[]) => placementOf(note, noteBlocks(...fences), false);
let ids = 0;
const docker = (code: string) => fence(`run id=b${++ids} needs=docker`, code);

describe('shell words: which commands a block runs', () => {
  it('splits on newlines and operators, keeps quotes, drops redirections and here-documents', () => {
    const commands = commandsOf('docker run --name "a b" x && echo \'c;d\' > out.txt 2>&1\ncat <<EOF\ndocker ps\nEOF\necho done | tee log');
    assert.deepEqual(commands.map((c) => [c.line, c.words.map((w) => w.text)]), [[0, ['docker', 'run', '--name', 'a b', 'x']], [0, ['echo', 'c;d']], [1, ['cat']], [4, ['echo', 'done']], [4, ['tee', 'log']]]);
  });

  it('reads the commands inside $( … ) and backticks, and marks the word they make as dynamic', () => {
    const commands = commandsOf('docker rm -f $(docker ps -aq)\necho "`docker images`"');
    assert.deepEqual(commands.map((c) => c.words.map((w) => `${w.text}${w.dynamic ? '*' : ''}`)), [['docker', 'ps', '-aq'], ['docker', 'rm', '-f', '$(docker ps -aq)*'], ['docker', 'images'], ['echo', '`docker images`*']]);
  });
});

describe('--jobs: which notes may run side by side', () => {
  it('a Docker note whose commands name only its own objects runs in parallel', () => {
    const placement = placed(
      'week-03',
      docker('docker build -t week-03-app .\ndocker run -d --name kn-week-03-web week-03-app:latest\ndocker exec kn-week-03-web sh -c "echo $HOME"'),
      docker('docker logs kn-week-03-web 2>&1 | tail -n 2\ndocker ps --filter name=kn-week-03 --format "{{.Names}}"'),
      docker('docker inspect --format "{{.State.Status}}" kn-week-03-web\ndocker tag week-03-app localhost/week-03-app:v2'),
      fence('run id=clean needs=docker cleanup', 'docker rm -f kn-week-03-web >/dev/null\ndocker rmi week-03-app localhost/week-03-app:v2'),
    );
    assert.deepEqual(placement, { mode: 'parallel', reason: 'its docker commands name only its own objects (names with "week-03")', reasonKo: '도커 명령이 노트 자신의 오브젝트("week-03"가 든 이름)만 씁니다' });
  });

  const sequential: Array<[string, string, RegExp]> = [
    ['a listing of the whole engine', 'docker ps -a', /lists every object on the engine/],
    ['an image listing filtered on a name that is not its own', 'docker images --filter reference=kubia', /lists every object/],
    ['a published host port', 'docker run -d --name n-web -p 8080:8080 busybox', /publishes a host port/],
    ['a container name that is not its own', 'docker run --name kubia-container busybox true', /names its container `kubia-container`, not the note's own/],
    ['an image tag that is not its own', 'docker build -t kubia .', /tags its image `kubia`/],
    ['a removal of what is not its own', 'docker rm -f $(docker ps -aq)', /lists every object/],
    ['a name only known when it runs', 'docker run --name "$NAME" busybox true', /only known when it runs/],
    ['a mount', 'docker run --rm -v /var/run/docker.sock:/s busybox true', /mounts a volume or a host path/],
    ['a prune', 'docker image prune -f', /removes or loads objects/],
    ['docker through eval', 'eval "docker ps"', /runs docker in a way this analysis does not read/],
    ['another engine', 'docker -H tcp://other:2375 run busybox', /talks to another engine/],
    ['a command it does not know', 'docker compose up -d', /does not know/],
    ['pkill', 'pkill -f node', /reaches beyond the note's own processes/],
    ['a push of a name not its own', 'docker push localhost:5000/kubia', /pushes `localhost:5000\/kubia`/],
  ];
  for (const [what, code, reason] of sequential) {
    it(`runs alone for ${what}`, () => {
      const placement = placed('n', docker(code));
      assert.equal(placement.mode, 'sequential');
      assert.match(placement.reason, reason);
      assert.match(placement.reason, /^content\/notes\/t\.mdx:\d+: /, 'the reason points at the line');
    });
  }

  it('a note with a Kubernetes block runs alone, whatever it declares', () => {
    const placement = placementOf('n', noteBlocks(fence('run id=k needs=kind', 'kubectl get pods')), true);
    assert.equal(placement.mode, 'sequential');
    assert.match(placement.reason, /^needs kind: its leftover check compares the whole cluster/);
  });

  it('isolated: true in the frontmatter is the author\'s word for a Docker note', () => {
    assert.deepEqual(placementOf('n', noteBlocks(docker('docker ps')), true).mode, 'parallel');
  });

  it('week 2 runs alone (it builds `kubia` and publishes ports, as the book does)', async () => {
    const placement = placementOf('week-02', await blocksOfNote('content/notes/week-02.mdx'), false);
    assert.equal(placement.mode, 'sequential');
  });

  it('a name is the note\'s own when it carries the note\'s name as a whole word', () => {
    assert.ok(ownedBy('week-1', 'kn-week-1-web'));
    assert.ok(ownedBy('week-1', 'localhost:5000/week-1-app:v2'));
    assert.ok(!ownedBy('week-1', 'kn-week-10-web'));
    assert.ok(!ownedBy('week-1', 'kubia'));
  });
});
