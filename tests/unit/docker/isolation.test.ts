import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksOfNote } from '../../../src/lib/blocks/parse-note.ts';
import { ownedBy, placementOf, placementsOf } from '../../../scripts/lib/docker/isolation.ts';
import { commandsOf } from '../../../src/lib/blocks/shell-words.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

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

  it('keeps the files a command writes (`>`, `&>`, `>& file`), not fds (`2>&1`, `>&2`); arithmetic runs nothing', () => {
    const commands = commandsOf('docker run &>/dev/null --name kubia x\necho a >&2 >> log.txt 2>&1 >& all.txt\ni=$((1 + 2))\n((i++))');
    assert.deepEqual(commands.map((c) => [c.line, c.words.map((w) => w.text), c.writes.map((w) => w.text)]), [[0, ['docker', 'run', '--name', 'kubia', 'x'], ['/dev/null']], [1, ['echo', 'a'], ['log.txt', 'all.txt']], [2, ['i=$((1 + 2))'], []]]);
  });

  it('reads the commands of $( … ) in an unquoted here-document, not in a quoted one', () => {
    const commands = commandsOf("cat <<EOF\n$(docker ps)\nEOF\ncat <<'EOF'\n$(docker images)\nEOF\necho \"$\"");
    assert.deepEqual(commands.map((c) => [c.line, c.words.map((w) => `${w.text}${w.dynamic ? '*' : ''}`)]), [[0, ['cat']], [1, ['docker', 'ps']], [3, ['cat']], [6, ['echo', '$']]]);
  });
});

describe('--jobs: which notes may run side by side', () => {
  it('a Docker note whose commands name only its own objects runs in parallel', () => {
    const placement = placed(
      'week-03',
      docker('docker build -t week-03-app .\ndocker run -d --name kn-week-03-web week-03-app:latest\ndocker exec kn-week-03-web sh -c "echo $HOME"'),
      docker('docker logs kn-week-03-web 2>&1 | tail -n 2\ndocker ps --filter name=^kn-week-03- --format "{{.Names}}"'),
      docker('docker inspect --format "{{.State.Status}}" kn-week-03-web\ndocker tag week-03-app localhost/week-03-app:v2'),
      fence('run id=clean needs=docker cleanup', 'docker rm -f kn-week-03-web >/dev/null\ndocker rmi week-03-app localhost/week-03-app:v2'),
    );
    assert.deepEqual(placement, { mode: 'parallel', reason: 'its docker commands name only its own objects (names that start with "week-03-" or "kn-week-03-")', reasonKo: '도커 명령이 노트 자신의 오브젝트("week-03-"나 "kn-week-03-"로 시작하는 이름)만 씁니다' });
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
    ['docker through eval', 'eval "docker ps"', /`eval` is not a command this analysis knows/],
    ['another engine', 'docker -H tcp://other:2375 run busybox', /talks to another engine/],
    ['a command it does not know', 'docker compose up -d', /does not know/],
    ['pkill', 'pkill -f node', /`pkill` is not a command this analysis knows \(it may run docker, serve on a host port, or reach other notes' processes and files\)/],
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

  // Holes found in review: each of these was judged safe to run beside other notes.
  const holes: Array<[string, string, RegExp]> = [
    ['a host port glued to -p', 'docker run -d --name kn-n-a -p8080:80 busybox', /publishes a host port/],
    ['a host port in a cluster of short options', 'docker run -dp 8080:80 --name kn-n-a busybox', /publishes a host port/],
    ['a mount glued to -v', 'docker run --name kn-n-a -v/tmp:/x busybox true', /mounts a volume or a host path/],
    ['a tag glued to -t', 'docker build -tkubia .', /tags its image `kubia`/],
    ['docker-compose', 'docker-compose up -d', /`docker-compose` is not a command this analysis knows/],
    ['docker behind an alias', "shopt -s expand_aliases\nalias dk='docker run --name kubia'\ndk busybox", /`shopt` is not a command this analysis knows/],
    ['docker behind eval of a variable', 'C="docker rm -f kubia"\neval "$C"', /`eval` is not a command this analysis knows/],
    ['a script the note wrote', 'bash run.sh', /`bash` runs a script this analysis does not read/],
    ['a script run by its path', './run.sh', /`\.\/run\.sh` is not a command this analysis knows/],
    ['a sourced script', '. ./run.sh', /`\.` is not a command this analysis knows/],
    ['a Makefile', 'make', /`make` is not a command this analysis knows/],
    ['docker in a here-document fed to bash', "bash <<'EOF'\ndocker rm -f kubia\nEOF", /`bash` runs a script this analysis does not read/],
    ['docker in a command substitution of a here-document', 'cat <<EOF\n$(docker rm -f kubia)\nEOF', /names `kubia`, not the note's own/],
    ['docker in bash -c', "bash -c 'docker rm -f kubia'", /names `kubia`, not the note's own/],
    ['a redirection written &>', 'docker run &>/dev/null --name kubia busybox true', /names its container `kubia`/],
    ['docker logs -f of a foreign container', 'timeout 5 docker logs -f kubia', /names `kubia`, not the note's own/],
    ['an option that takes no value swallowing the name', 'docker start --attach kubia', /names `kubia`, not the note's own/],
    ['a fixed IP address', 'docker run --rm --ip 172.17.0.9 busybox true', /fixes an address/],
    ['a container id file outside the work dir', 'docker run -d --cidfile /tmp/cid busybox', /outside the note's work dir/],
    ['a privileged container', 'docker run --rm --privileged busybox true', /shares privileged with/],
    ['an option of docker run it does not know', 'docker run --rm --gpus all busybox true', /uses `--gpus`, an option this analysis does not know/],
    ['a fixed subnet', 'docker network create --subnet 10.9.0.0/24 kn-n-net', /uses `--subnet`, an option this analysis does not know/],
    ['a volume bound to a host device', 'docker volume create -o device=/srv kn-n-data', /uses `-o`, an option this analysis does not know/],
    ['a name filter that also matches longer names', 'docker ps --filter name=kn-n', /lists every object on the engine/],
    ['a name filter not anchored at the start (it also finds kn-week-02-n-1 of note week-02)', 'docker ps --filter name=-n-', /lists every object on the engine/],
    ['the name of another note\'s object that ends with the note\'s name', 'docker rm -f kn-week-02-n', /names `kn-week-02-n`, not the note's own/],
    ['a second, foreign name filter (filters of one key are ORed)', 'docker ps --filter name=^kn-n- --filter name=kubia', /lists every object on the engine/],
    ['another engine through DOCKER_HOST', 'DOCKER_HOST=tcp://other:2375 docker ps --filter name=^kn-n-', /another engine or config/],
    ['an exported DOCKER_HOST', 'export DOCKER_HOST=tcp://other:2375\ndocker run --rm busybox true', /another engine or config/],
    ['a server on a host port', 'python3 -m http.server 8080 &', /`python3` is not a command this analysis knows/],
    ['a file written outside the work dir', 'echo hi > /tmp/shared.txt', /writes `\/tmp\/shared\.txt`, outside the note's work dir/],
    ['a directory outside the work dir', 'cd /tmp\necho hi > shared.txt', /`\/tmp`, outside the note's work dir/],
    ['a file written at a path only known when it runs', 'touch "$SHARED/ready"', /`\$SHARED\/ready`, a path only known when it runs/],
    ['cd home', 'cd\necho hi > notes.txt', /`cd` reaches `~`, outside the note's work dir/],
    ['a download written outside the work dir', 'curl -s http://example.com/ -o /tmp/page.html', /`curl` reaches `\/tmp\/page\.html`/],
    ['docker container stats without a name', 'docker container stats --no-stream', /lists every object on the engine/],
    ['docker image ls without a filter', 'docker image ls', /lists every object on the engine/],
    ['a global option it does not know', 'docker --tlsverify ps --filter name=^kn-n-', /uses `--tlsverify`, an option this analysis does not know/],
    ['docker after a case inside $( … )', 'echo $(case x in x) docker rm -f kubia;; esac)', /passes docker \(or a command\) to `echo`/],
    ['docker through awk', "awk 'BEGIN { system(\"docker rm -f kubia\") }'", /to `awk`, which this analysis does not follow/],
    ['an image saved outside the work dir', 'docker save -o /tmp/n.tar kn-n-app', /`\/tmp\/n\.tar`, outside the note's work dir/],
  ];
  for (const [what, code, reason] of holes) {
    it(`runs alone for ${what}`, () => {
      const placement = placed('n', docker(code));
      assert.equal(placement.mode, 'sequential', `${code}\n→ ${placement.reason}`);
      assert.match(placement.reason, reason);
      assert.match(placement.reason, /^content\/notes\/t\.mdx:\d+: /, 'the reason points at the line');
    });
  }

  // What a note of its own objects writes, and must keep running side by side.
  const own: Array<[string, string]> = [
    ['short options in a cluster', 'docker run -dit --name kn-n-a busybox sh'],
    ['docker logs -f of its own container', 'timeout 5 docker logs -f kn-n-a'],
    ['docker in bash -c, its own objects', "bash -c 'docker rm -f kn-n-a'"],
    ['arithmetic', 'i=$((1 + 2))\n((i++))\necho "$i"'],
    ['a loop over seq', 'for i in $(seq 1 3); do [ -e "x$i" ] && break; sleep 0.1; done'],
    ['an anchored name filter that ends at a separator', 'docker ps -a --filter name=^kn-n- --filter status=exited'],
    ['an anchored name filter', 'docker ps --filter "name=^kn-n$"'],
    ['its own image by reference', 'docker images --filter reference=kn-n-app'],
    ['a here-document into a file of its own', "cat <<'EOF' > notes.txt\n$(docker ps)\nEOF"],
    ['a command in its own container', "docker exec -e A=1 kn-n-a sh -c 'echo hi' 2>&1 | tail -n 1"],
    ['curl to a port it did not publish', 'curl -s http://localhost:8080/ || true'],
    ['curl to its own container by an address read at run time', 'ip=$(docker inspect -f "{{.NetworkSettings.IPAddress}}" kn-n-web)\ncurl -s "$ip:8080" -o page.html'],
    ['files of its own work dir', 'mkdir -p out && for i in 1 2; do echo "$i" > "out/$i.txt"; done\ncp out/1.txt "$PWD/copy.txt"'],
  ];
  for (const [what, code] of own) {
    it(`runs beside others: ${what}`, () => {
      const placement = placed('n', docker(code));
      assert.equal(placement.mode, 'parallel', `${code}\n→ ${placement.reason}`);
    });
  }

  it('a note whose name begins another note\'s name runs alone (their objects cannot be told apart)', () => {
    const own = (note: string) => noteBlocks(fence(`run id=${note}-ps needs=docker`, `docker ps --filter name=^kn-${note}-`));
    const placements = placementsOf([
      { note: 'week-1', blocks: own('week-1'), isolated: false },
      { note: 'week-1-b', blocks: own('week-1-b'), isolated: false },
      { note: 'week-2', blocks: own('week-2'), isolated: false },
    ]);
    assert.deepEqual([...placements].map(([note, p]) => [note, p.mode]), [['week-1', 'sequential'], ['week-1-b', 'parallel'], ['week-2', 'parallel']]);
    assert.match(placements.get('week-1')?.reason ?? '', /its name begins note week-1-b's objects' names/);
  });

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

  it('a name is the note\'s own when it starts with the note\'s name (or kn- and it) and a separator', () => {
    assert.ok(ownedBy('week-1', 'kn-week-1-web'));
    assert.ok(ownedBy('week-1', 'localhost:5000/week-1-app:v2'));
    assert.ok(ownedBy('week-1', 'week-1'));
    assert.ok(!ownedBy('week-1', 'kn-week-10-web'));
    assert.ok(!ownedBy('week-1', 'kubia'));
    assert.ok(!ownedBy('web', 'kn-week-02-web'), 'another note\'s name that ends with this one');
  });

  it('a note whose name begins another note\'s objects (a note named kn) runs alone', () => {
    const placements = placementsOf([
      { note: 'kn', blocks: noteBlocks(docker('docker rm -f kn-week-02-web')), isolated: false },
      { note: 'week-02', blocks: noteBlocks(docker('docker run -d --name kn-week-02-web busybox sleep 9')), isolated: false },
    ]);
    assert.equal(placements.get('kn')?.mode, 'sequential');
  });
});
