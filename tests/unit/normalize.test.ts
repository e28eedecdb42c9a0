import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizersNamed, normalizeTranscript } from '../../src/lib/normalize/index.ts';

const normalized = (text: string, extra: string[] = []) => normalizeTranscript(text, extra).text;

describe('normalizeTranscript', () => {
  it('masks container ids, digests and hostnames that are ids', () => {
    assert.equal(normalized('f6c3a9e1b2d4\n'), '⟨id-1⟩\n');
    assert.equal(normalized(`${'a1'.repeat(32)}\n`), '⟨id-1⟩\n');
    assert.equal(normalized(`sha256:${'0f'.repeat(32)}`), '⟨digest-1⟩');
    assert.equal(normalized("You've hit 4e1d2c3b4a5f\n"), "You've hit ⟨id-1⟩\n");
  });

  it('leaves plain numbers and words of twelve letters alone', () => {
    assert.equal(normalized('123456789012 deadbeefcafe'), '123456789012 deadbeefcafe');
  });

  it('masks IPs but keeps loopback and the any address', () => {
    assert.equal(normalized('Received request from ::ffff:10.244.0.6'), 'Received request from ::ffff:⟨ip-1⟩');
    assert.equal(normalized('172.17.0.2/16 127.0.0.1 0.0.0.0:8080'), '⟨ip-1⟩ 127.0.0.1 0.0.0.0:8080');
    assert.equal(normalized('version 1.33.13'), 'version 1.33.13');
  });

  it('masks ports picked at random but not the well-known ones', () => {
    assert.equal(normalized('https://127.0.0.1:39211 and :8080 and :5000'), 'https://127.0.0.1:⟨port-1⟩ and :8080 and :5000');
  });

  it('masks dates, ages and uptimes', () => {
    assert.equal(normalized('2026-11-25T02:15:41.438Z'), '⟨time⟩');
    assert.equal(normalized('Created 5 seconds ago, Up About a minute'), 'Created ⟨ago⟩, Up ⟨duration⟩');
    assert.equal(normalized('Date: Wed, 25 Nov 2026 02:15:41 GMT'), 'Date: ⟨time⟩');
    assert.equal(normalized('docker.io/library/import-2026-11-25@x'), 'docker.io/library/import-⟨date⟩@x');
  });

  it('numbers distinct values so that equal ones stay visibly equal', () => {
    assert.equal(normalized('A 10.244.0.5\nB 10.244.0.6\nfrom ::ffff:10.244.0.5'), 'A ⟨ip-1⟩\nB ⟨ip-2⟩\nfrom ::ffff:⟨ip-1⟩');
    assert.equal(normalized('kubia latest 3f1c2a9b8d7e\nlocalhost:5000/kubia latest 3f1c2a9b8d7e'), 'kubia latest ⟨id-1⟩\nlocalhost:5000/kubia latest ⟨id-1⟩');
  });

  it('reads published ports the same whether the engine binds all addresses or loopback', () => {
    assert.equal(normalized('0.0.0.0:8080->8080/tcp, :::8080->8080/tcp'), normalized('127.0.0.1:8080->8080/tcp'));
  });

  it('counts what it masked, by name', () => {
    const { masks } = normalizeTranscript('10.0.0.1 10.0.0.2 f6c3a9e1b2d4', []);
    assert.deepEqual(masks.map((m) => [m.name, m.count]), [['short-id', 1], ['ip', 2]]);
  });

  it('applies opt-in normalisers only when asked', () => {
    assert.equal(normalized('kubia latest 262MB'), 'kubia latest 262MB');
    assert.equal(normalized('kubia latest 262MB', ['size']), 'kubia latest ⟨size⟩');
  });

  it('drops trailing spaces and CRLF', () => {
    assert.equal(normalized('a  \r\nb\t\n'), 'a\nb\n');
  });

  it('rejects unknown normaliser names, listing the valid ones', () => {
    assert.throws(() => normalizersNamed(['sizes']), /unknown normaliser "sizes"; valid: .*size/);
  });
});

describe('kubectl normalisers', () => {
  it('masks generated pod-name suffixes but not ordinary names', () => {
    assert.equal(normalized('kubia-x7k2p kubia-notes kube-proxy-4zj2q coredns-674b8bbfcf-qzt6n kubia-http kubia-x7k2p'), 'kubia-⟨hash-1⟩ kubia-notes kube-proxy-⟨hash-2⟩ coredns-⟨hash-3⟩ kubia-http kubia-⟨hash-1⟩');
  });

  it('ignores AGE and RESTARTS in kubectl tables, by column', () => {
    const table = ['NAME          READY   STATUS    RESTARTS      AGE', 'kubia-x7k2p   1/1     Running   1 (5s ago)    42s', 'kubia-b9m4d   1/1     Running   0             2m10s', ''].join('\n');
    const later = table.replace('1 (5s ago)', '0').replace('42s', '3m1s').replace('2m10s', '5m');
    assert.equal(normalized(table), normalized(later));
    assert.match(normalized(table), /kubia-⟨hash-1⟩ +1\/1 +Running +⟨restarts⟩ +⟨age⟩/);
    assert.notEqual(normalized(table), normalized(table.replace('Running', 'Pending')), 'other columns still count');
  });

  it('drops klog diagnostics only when asked', () => {
    const text = 'E1125 02:45:00.822934   13321 websocket.go:297] Unknown stream id 1, discarding message\nYou hit it\n';
    assert.equal(normalizeTranscript(text, ['klog']).text, 'You hit it\n');
    assert.match(normalized(text), /websocket\.go/);
  });

  it('handles the Events table of kubectl describe', () => {
    const events = ['Events:', '  Type    Reason     Age   From               Message', '  ----    ------     ----  ----               -------', '  Normal  Scheduled  10s   default-scheduler  Successfully assigned', ''].join('\n');
    assert.match(normalized(events), /Normal {2}Scheduled {2}⟨age⟩ {2,}default-scheduler/);
    assert.match(normalized(events), /^ {2}-{4} +-{6} +-{4} +-{4} +-{7}$/m, 'the dash row stays (laid out with the table), not masked');
  });
});

describe('buildkit normaliser', () => {
  const log = (fromStatus: string, order: 'context-first' | 'from-first') => {
    const context = ['#4 [internal] load build context', '#4 transferring context: 81B done', '#4 DONE 0.0s', ''];
    const from = ['#5 [1/2] FROM docker.io/library/node:24', `#5 ${fromStatus}`, ''];
    return [
      '#0 building with "default" instance using docker driver',
      '',
      '#1 [internal] load build definition from Dockerfile',
      '#1 DONE 0.1s',
      '',
      ...(order === 'context-first' ? [...context, ...from] : [...from, ...context]),
      '#6 [2/2] ADD app.js /app.js',
      '#6 DONE 0.5s',
      '',
      '#7 exporting to image',
      `#7 writing image sha256:${'ab'.repeat(32)} done`,
      '#7 naming to docker.io/library/kubia done',
      '#7 DONE 0.1s',
    ].join('\n');
  };

  it('keeps the Dockerfile steps and the result, whatever the cache and the order did', () => {
    const a = normalizeTranscript(log('CACHED', 'context-first'), ['buildkit']).text;
    const b = normalizeTranscript(log('DONE 0.0s', 'from-first'), ['buildkit']).text;
    assert.equal(a, b);
    assert.equal(a, '[1/2] FROM docker.io/library/node:24\n[2/2] ADD app.js /app.js\nexporting to image\nwriting image ⟨digest-1⟩\nnaming to docker.io/library/kubia\n');
  });
});

describe('pull-progress normaliser', () => {
  it('drops the lines of a first pull, so a cached and an uncached run compare equal', () => {
    const cold = [
      "Unable to find image 'busybox:latest' locally",
      'latest: Pulling from library/busybox',
      '9ad63333ebc9: Pulling fs layer',
      '9ad63333ebc9: Pull complete',
      `Digest: sha256:${'ab'.repeat(32)}`,
      'Status: Downloaded newer image for busybox:latest',
      'Hello world',
      '',
    ].join('\n');
    assert.equal(normalizeTranscript(cold, ['pull-progress']).text, normalizeTranscript('Hello world\n', ['pull-progress']).text);
  });

  it('the buildkit summary ignores the digest of a pulled base image', () => {
    const pulled = `#5 [1/2] FROM docker.io/library/node:24@sha256:${'cd'.repeat(32)}\n#5 DONE 9.1s\n`;
    assert.equal(normalizeTranscript(pulled, ['buildkit']).text, '[1/2] FROM docker.io/library/node:24\n');
  });

  it('a build that pulls its base image (a machine with internet) summarises like one that had it', () => {
    // The shape BuildKit prints when it fetches a pull token and the base image first
    // (plain progress as `docker build --progress=plain` writes it; the [auth] step as
    // reported from real runs, e.g. "[auth] library/node:pull token for registry-1.docker.io").
    const digest = 'cd'.repeat(32);
    const cold = [
      '#0 building with "default" instance using docker driver',
      '',
      '#1 [internal] load build definition from Dockerfile',
      '#1 transferring dockerfile: 99B done',
      '#1 DONE 0.0s',
      '',
      '#2 [auth] library/node:pull token for registry-1.docker.io',
      '#2 DONE 0.0s',
      '',
      '#3 [internal] load metadata for docker.io/library/node:24',
      '#3 DONE 1.2s',
      '',
      '#4 [internal] load .dockerignore',
      '#4 transferring context: 2B done',
      '#4 DONE 0.0s',
      '',
      `#5 [1/2] FROM docker.io/library/node:24@sha256:${digest}`,
      `#5 resolve docker.io/library/node:24@sha256:${digest} 0.0s done`,
      `#5 sha256:${'ef'.repeat(32)} 0B / 48.49MB 0.2s`,
      `#5 sha256:${'ef'.repeat(32)} 48.49MB / 48.49MB 2.1s done`,
      `#5 extracting sha256:${'ef'.repeat(32)} 3.2s done`,
      '#5 DONE 9.1s',
      '',
      '#6 [internal] load build context',
      '#6 transferring context: 395B done',
      '#6 DONE 0.0s',
      '',
      '#7 [2/2] ADD app.js /app.js',
      '#7 DONE 0.1s',
      '',
      '#8 exporting to image',
      '#8 exporting layers 0.1s done',
      `#8 writing image sha256:${'ab'.repeat(32)} done`,
      '#8 naming to docker.io/library/kubia done',
      '#8 DONE 0.1s',
      '',
    ].join('\n');
    const warm = cold
      .split('\n')
      .filter((line) => !/^#2 |^#5 (resolve|sha256|extracting)/.test(line))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(`node:24@sha256:${digest}`, 'node:24')
      .replace('#7 DONE 0.1s', '#7 CACHED');
    assert.equal(normalizeTranscript(cold, ['buildkit']).text, normalizeTranscript(warm, ['buildkit']).text);
    assert.doesNotMatch(normalizeTranscript(cold, ['buildkit']).text, /auth|pull token/);
  });
});
