// `npm run follow` in a real terminal (tmux), on the real engine: a reader walks a Docker-only
// note with Enter, s and q and reads command, own output, recorded output and verdict; Ctrl-C
// in the middle of a block leaves no container and no temp dir; the recordings never change.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { dockerUp } from '../support/engine.ts';
import { fence } from '../support/blocks.ts';
import { fixtureProject } from '../support/project.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NOTE = 'follow-probe';
const tmuxHere = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const body = [
  '# 따라 하기',
  '## 컨테이너',
  '',
  'busybox로 인사를 해 봄',
  '',
  fence('run id=hello needs=docker', `docker run --name kn-${NOTE}-hello busybox echo "Hello world"`),
  '',
  '컨테이너 ID는 매번 바뀜',
  '',
  fence('run id=ids needs=docker', `docker ps -a --filter name=^kn-${NOTE}-hello$ --format '{{.ID}}' | cut -c1-12`),
  '',
  fence('run id=greeting', 'echo "greeting: ${KN_FOLLOW_GREETING:-hello}"'),
  '',
  '붙여 넣은 출력이 있는 터미널 기록',
  '',
  // A transcript block: no id= and no needs= (both inferred, through the front matter's alias),
  // two commands with the author's pasted output, which never runs.
  fence('run', `$ d run --rm --name kn-${NOTE}-steps busybox echo one\none (pasted)\n$ echo two\ntwo`),
  '',
  '## 오래 걸리는 것',
  '',
  fence('run id=sleeper needs=docker timeout=60s', `docker run -d --name kn-${NOTE}-sleeper busybox sleep 300 >/dev/null\necho started\nsleep "\${KN_FOLLOW_NAP:-40}"`),
  '',
  fence('run id=bye needs=docker cleanup', `docker rm -f kn-${NOTE}-hello kn-${NOTE}-sleeper >/dev/null 2>&1 || true`),
].join('\n');

const sh = (command: string) => execFileSync('bash', ['-c', command], { encoding: 'utf8', timeout: 30_000 }).trim();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Containers, networks and volumes of this note's sessions (labelled or by name), still on the engine. */
const LABEL = '--filter label=io.kubia-notes.session';
const leftovers = () =>
  sh(
    `{ docker ps -a ${LABEL} --format 'container {{.Names}} {{.Labels}}'; docker network ls ${LABEL} --format 'network {{.Name}} {{.Labels}}'; docker volume ls ${LABEL} --format 'volume {{.Name}} {{.Labels}}'; docker ps -a --filter name=kn-${NOTE} --format '{{.Names}}'; } | grep -e '${NOTE}' || true`,
  );
const runnerDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('kubia-notes-'));

/** An ended process not yet reaped: its exit status or signal, from /proc/PID/stat (field 52, as waitpid reports it). */
function zombieExit(pid: string): { status: string; signal: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z') return undefined;
    const code = Number(fields[49]);
    return code & 0x7f ? { status: '', signal: String(code & 0x7f) } : { status: String((code >> 8) & 0xff), signal: '' };
  } catch {
    return undefined;
  }
}

/** One terminal of its own (own tmux server socket), the command running in it. */
function terminal(name: string, command: string) {
  const socket = `kn-follow-${process.pid}-${name}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  tmux('new-session', '-d', '-x', '200', '-y', '60', '-s', 'follow', '-c', REPO, command);
  // The pane stays after the command ends, so its last screen and exit can be read (Ctrl-C
  // also ends the pane's shell: npm re-raises SIGINT once the follow has cleaned up).
  tmux('set-option', '-t', 'follow', 'remain-on-exit', 'on');
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-3000', '-t', 'follow');
  /** The processes of the pane (its command and what that started), for a command that does not end. */
  const alive = () => sh(`ps -o pid,ppid,stat,wchan:24,args -s "$(ps -o sid= -p ${tmux('display-message', '-p', '-t', 'follow', '#{pane_pid}').trim()})" || true`);
  return {
    screen,
    keys: (...keys: string[]) => tmux('send-keys', '-t', 'follow', ...keys),
    /** Waits (bounded) until the screen matches, counting matches from `after` on. */
    async waitFor(pattern: RegExp, timeoutMs = 60_000, count = 1): Promise<string> {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if ((text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? []).length >= count) return text;
        if (performance.now() > until) throw new Error(`the screen never showed ${pattern} (${count}×) within ${timeoutMs} ms:\n${text}`);
        await sleep(200);
      }
    },
    /** Waits (bounded) for the command to end: its exit status, or the signal that ended it. */
    async ended(timeoutMs = 90_000): Promise<{ status: string; signal: string; text: string }> {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const [dead = '', status = '', signal = '', pid = ''] = tmux('display-message', '-p', '-t', 'follow', '#{pane_dead} #{pane_dead_status} #{pane_dead_signal} #{pane_pid}').trimEnd().split(' ');
        // tmux sees the pane's end (its terminal closed) a moment before the exit status.
        if (dead === '1' && (status || signal)) return { status, signal, text: screen() };
        // tmux 3.3a at times leaves the ended command a zombie for minutes (seen: npm <defunct>,
        // nothing else in its session): the kernel has its exit status then.
        const zombie = zombieExit(pid);
        if (zombie) return { ...zombie, text: screen() };
        if (performance.now() > until) throw new Error(`the command did not end within ${timeoutMs} ms; still running in its terminal:\n${alive()}\n${screen()}`);
        await sleep(200);
      }
    },
    close: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
}

// CI installs tmux (.ci/run): there a missing terminal is a failure, not a skipped test.
if (process.env.CI && !(dockerUp && tmuxHere)) throw new Error(`CI without ${dockerUp ? 'tmux (apt-get install tmux, as .ci/run does)' : 'a Docker engine: run scripts/airgap/setup-docker.sh first'}`);

describe('npm run follow in a terminal', { skip: (!dockerUp && 'no Docker engine here') || (!tmuxHere && 'no tmux here') }, () => {
  let project: Awaited<ReturnType<typeof fixtureProject>>;
  let recorded: string;
  const outputs = () => readdirSync(join(project.root, 'content/outputs')).sort();
  before(async () => {
    project = await fixtureProject({ [NOTE]: body }, { [NOTE]: 'aliases: { d: docker }' });
    // Recorded without the long sleep: the interrupt test needs it, a recording does not.
    const run = await project.runWith({ env: { KN_FOLLOW_NAP: '0' } }, '--update');
    assert.equal(run.code, 0, run.stderr);
    recorded = await project.recording(NOTE);
  });
  after(() => project?.dispose());

  const follow = `env KN_FOLLOW_GREETING=bonjour npm run --silent follow -- ${NOTE} --root`;

  it('Enter runs a block and shows command, own output, recorded output and verdict; s skips; q stops after cleanup', async () => {
    const dirs = runnerDirs();
    const term = terminal('walk', `${follow} ${project.root}`);
    try {
      let text = await term.waitFor(/\[Enter\] 실행/);
      assert.match(text, /이 노트의 별칭[^\n]*\n\s+d\(\) \{ docker "\$@"; \}/);
      assert.match(text, /━━ 따라 하기 › 컨테이너/);
      assert.match(text, /“busybox로 인사를 해 봄”/);
      assert.match(text, /\$ docker run --name kn-follow-probe-hello busybox echo "Hello world"/);
      term.keys('Enter');
      text = await term.waitFor(/\[Enter\] 실행/, 60_000, 2);
      assert.match(text, /── 내 출력\n\s+│ Hello world\n\s+── 기록된 출력 \(\d{4}-\d\d-\d\d, Docker [^)]+\)\n\s+│ Hello world\n\s+✓ 같음/);
      assert.match(text, /“컨테이너 ID는 매번 바뀜”/);
      term.keys('Enter');
      text = await term.waitFor(/\[Enter\] 실행/, 60_000, 3);
      assert.match(text, /≈ 바뀌는 값만 다름\n\s+[^\n]*: "[0-9a-f]{12}" → "[0-9a-f]{12}"/);
      term.keys('Enter');
      text = await term.waitFor(/\[Enter\] 실행/, 60_000, 4);
      assert.match(text, /│ greeting: bonjour\n[\s\S]*│ greeting: hello\n\s+✗ 출력이 다름\n[\s\S]*-greeting: hello\n\s+\+greeting: bonjour/);
      // The transcript block: its commands at their prompts, its id inferred, the pasted lines not shown as commands.
      assert.match(text, /“붙여 넣은 출력이 있는 터미널 기록”\n\s+\$ d run --rm --name kn-follow-probe-steps busybox echo one\n\s+\$ echo two\n\s+\[Enter\] 실행/);
      assert.match(text, /follow-probe\.mdx:\d+ · docker-run\n/);
      term.keys('Enter');
      text = await term.waitFor(/\[Enter\] 실행/, 60_000, 5);
      assert.match(text, /\$ d run --rm --name kn-follow-probe-steps busybox echo one {3}\[같음\]\n\s+── 내 출력\n\s+│ one\n\s+── 기록된 출력\n\s+│ one\n\s+\$ echo two {3}\[같음\]\n\s+── 내 출력\n\s+│ two\n\s+── 기록된 출력\n\s+│ two\n\s+✓ 같음/);
      assert.doesNotMatch(text, /│ one \(pasted\)/, 'the recorded output is the comparison, not the pasted one');
      assert.match(text, /━━ 따라 하기 › 오래 걸리는 것/);
      term.keys('s');
      const end = await term.ended();
      text = end.text;
      assert.match(text, /› 건너뜀\n/);
      assert.match(text, /· 정리함|✓ 같음\n[\s\S]*bye/);
      assert.match(text, /━━ 요약: follow-probe\n\s+같음 2 · 바뀌는 값만 다름 1 · 출력이 다름 1 · 건너뜀 1/);
      assert.match(text, /출력이 다름: content\/notes\/follow-probe\.mdx:\d+ greeting/);
      assert.match(text, /Docker\s+\S+\s+\S+/);
      assert.equal(end.status, '1', 'a block that differs makes the exit status 1');
      assert.equal(leftovers(), '');
      assert.deepEqual(runnerDirs(), dirs, 'no temp dir of the run is left');
      assert.equal(await project.recording(NOTE), recorded, 'the recording is byte for byte what it was');
      assert.deepEqual(outputs(), [`${NOTE}.json`], 'and nothing was added beside it');
    } finally {
      term.close();
    }
  });

  it('q at a prompt stops: nothing after it runs, cleanup does', async () => {
    const term = terminal('quit', `${follow} ${project.root}`);
    try {
      await term.waitFor(/\[Enter\] 실행/);
      term.keys('q');
      const { text, status } = await term.ended();
      assert.match(text, /› 그만둠\n/);
      assert.doesNotMatch(text, /── 내 출력\n\s+│ Hello world/);
      assert.match(text, /실행하지 않음 5/);
      assert.equal(status, '0', text);
      assert.equal(leftovers(), '');
    } finally {
      term.close();
    }
  });

  it('Ctrl-C while a block runs kills it, runs cleanup and leaves no container and no temp dir', async () => {
    const dirs = runnerDirs();
    // node itself, not npm: after a Ctrl-C, npm at times stays alive once its script has
    // ended (its re-raised SIGINT lands in its own forwarding handler), which is npm's, not ours.
    const term = terminal('interrupt', `env KN_FOLLOW_GREETING=bonjour ${process.execPath} scripts/follow.mjs ${NOTE} --root ${project.root}`);
    try {
      for (const [count, key] of [[1, 's'], [2, 's'], [3, 's'], [4, 's'], [5, 'Enter']] as const) {
        await term.waitFor(/\[Enter\] 실행/, 60_000, count);
        term.keys(key);
      }
      // The block has started its container and sleeps: the middle of it.
      const until = performance.now() + 60_000;
      while (!sh(`docker ps -q --filter name=kn-${NOTE}-sleeper`)) {
        if (performance.now() > until) throw new Error(`the sleeper never started:\n${term.screen()}`);
        await sleep(200);
      }
      term.keys('C-c');
      const { text, status, signal } = await term.ended();
      assert.match(text, /SIGINT: stopping after cleanup/);
      assert.match(text, /- 중단됨 \(Ctrl-C\)[\s\S]*· 정리함[\s\S]*━━ 요약: follow-probe\n\s+건너뜀 4 · 중단됨 \(Ctrl-C\) 1/);
      assert.ok(status === '130' || signal === '2', `ended by the interrupt (status ${status}, signal ${signal}):\n${text}`);
      assert.equal(leftovers(), '', 'cleanup and the leftover sweep removed the container');
      assert.deepEqual(runnerDirs(), dirs, 'no temp dir of the run is left');
      assert.equal(sh("pgrep -fx 'sleep 4[0]' || true"), '', 'the block\'s processes are gone');
      assert.equal(await project.recording(NOTE), recorded);
      assert.deepEqual(outputs(), [`${NOTE}.json`]);
    } finally {
      term.close();
    }
  });

  it('without a terminal it runs every block without asking, in plain lines', async () => {
    const piped = execFileSync('bash', ['-c', `KN_FOLLOW_NAP=0 ${follow} ${project.root} < /dev/null | cat; echo "EXIT:\${PIPESTATUS[0]}"`], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    assert.doesNotMatch(piped, /\x1b\[|\[Enter\] 실행/);
    assert.match(piped, /✓ 같음[\s\S]*≈ 바뀌는 값만 다름[\s\S]*✗ 출력이 다름[\s\S]*\$ echo two {3}\[같음\]/);
    assert.match(piped, /EXIT:1/);
    assert.equal(readFileSync(project.recordingPath(NOTE), 'utf8'), recorded);
  });
});
