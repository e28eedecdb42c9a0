import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { NORMALIZERS, normalizeTranscript, type VolatileSpan } from '../../src/lib/normalize/index.ts';
import { SpanMap } from '../../src/lib/normalize/span-map.ts';
import { noteRecordingSchema } from '../../src/lib/store/schema.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';

/** The transcript with every span replaced by its replacement: must be the comparison form. */
function replaced(transcript: string, spans: readonly VolatileSpan[]): string {
  let text = '';
  let at = 0;
  for (const span of spans) {
    assert.ok(span.start >= at, `spans in order, not overlapping: ${JSON.stringify(span)} after ${at}`);
    assert.ok(span.end >= span.start && span.end <= transcript.length, `span inside the transcript: ${JSON.stringify(span)}`);
    text += transcript.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return text + transcript.slice(at);
}

/** Normalises, checks that the spans add up to the comparison form, and lists what they cover. */
function spansOf(transcript: string, extra: string[] = []) {
  const { text, spans } = normalizeTranscript(transcript, extra);
  assert.equal(replaced(transcript, spans), text, 'replacing the spans gives exactly the comparison form');
  return spans.map((s) => ({ original: transcript.slice(s.start, s.end), replacement: s.replacement, name: s.name, ...(s.number ? { number: s.number } : {}), ...(s.layout ? { layout: true } : {}) }));
}

const values = (transcript: string, extra: string[] = []) => spansOf(transcript, extra).filter((s) => !s.layout);

const CURL_METER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r100     6  100     6    0     0    646      0 --:--:-- --:--:-- --:--:--   666\n';

/** One output each normaliser masks, and the stretch of it the page marks. */
const SAMPLES: Record<string, { text: string; marked: string; replacement: string }> = {
  omitted: { text: 'head\n… 12345 bytes omitted …\ntail\n', marked: '12345', replacement: '⟨n⟩' },
  buildkit: { text: '#1 [internal] load build definition\n#1 DONE 0.1s\n\n#2 [1/1] FROM busybox\n#2 DONE 0.2s\n', marked: '#1 [internal] load build definition\n#1 DONE 0.1s\n\n#2 ', replacement: '' },
  'pull-progress': { text: "Unable to find image 'busybox:latest' locally\nHello world\n", marked: "Unable to find image 'busybox:latest' locally\n", replacement: '' },
  klog: { text: 'E1125 02:45:00.822934   13321 websocket.go:297] Unknown stream id 1\nYou hit it\n', marked: 'E1125 02:45:00.822934   13321 websocket.go:297] Unknown stream id 1\n', replacement: '' },
  'kubectl-age': { text: 'NAME    READY   AGE\nkubia   1/1     42s\n', marked: '42s', replacement: '⟨age⟩' },
  node: { text: 'spec:\n  nodeName: kubia-notes-worker\n', marked: 'kubia-notes-worker', replacement: '⟨node-1⟩' },
  digest: { text: `Digest: sha256:${'0f'.repeat(32)}\n`, marked: `sha256:${'0f'.repeat(32)}`, replacement: '⟨digest-1⟩' },
  'long-id': { text: `${'a1'.repeat(32)}\n`, marked: 'a1'.repeat(32), replacement: '⟨id-1⟩' },
  uid: { text: 'uid: 0b9e2c4e-6f4a-4c1e-9d2b-3a5c7e9f1b2d\n', marked: '0b9e2c4e-6f4a-4c1e-9d2b-3a5c7e9f1b2d', replacement: '⟨uid-1⟩' },
  timestamp: { text: 'started 2026-11-25T02:15:41.438Z\n', marked: '2026-11-25T02:15:41.438Z', replacement: '⟨time⟩' },
  'http-date': { text: 'Date: Wed, 25 Nov 2026 02:15:41 GMT\n', marked: 'Wed, 25 Nov 2026 02:15:41 GMT', replacement: '⟨time⟩' },
  date: { text: 'docker.io/library/import-2026-11-25@x\n', marked: '2026-11-25', replacement: '⟨date⟩' },
  'short-id': { text: "You've hit 4e1d2c3b4a5f\n", marked: '4e1d2c3b4a5f', replacement: '⟨id-1⟩' },
  'pod-hash': { text: 'pod/kubia-x7k2p deleted\n', marked: 'x7k2p', replacement: '⟨hash-1⟩' },
  'resource-version': { text: '  resourceVersion: "51234"\n', marked: '51234', replacement: '⟨version⟩' },
  'published-port': { text: '0.0.0.0:8080->8080/tcp, :::8080->8080/tcp\n', marked: '0.0.0.0:8080->8080/tcp, ::', replacement: '⟨host⟩' },
  ip: { text: 'inet 172.17.0.2/16\n', marked: '172.17.0.2/16', replacement: '⟨ip-1⟩' },
  port: { text: 'https://127.0.0.1:39211\n', marked: '39211', replacement: '⟨port-1⟩' },
  size: { text: 'kubia latest 262MB\n', marked: '262MB', replacement: '⟨size⟩' },
  uptime: { text: 'Up About a minute\n', marked: 'About a minute', replacement: '⟨duration⟩' },
  ago: { text: 'Created 5 seconds ago\n', marked: '5 seconds ago', replacement: '⟨ago⟩' },
  'build-timing': { text: 'done in 0.53s\n', marked: '0.53s', replacement: '⟨s⟩' },
  'runner-dir': { text: 'cd /tmp/kubia-notes-week-02.4242.98765-Ab12Cd/app\n', marked: '/tmp/kubia-notes-week-02.4242.98765-Ab12Cd', replacement: '⟨dir-1⟩' },
  'curl-progress': { text: `${CURL_METER}26034\n`, marked: CURL_METER, replacement: '' },
  'unix-date': { text: 'Mon Dec  7 15:38:49 UTC 2026 Batch job starting\n', marked: 'Mon Dec  7 15:38:49 UTC 2026', replacement: '⟨time⟩' },
  duration: { text: 'Duration:         2m3s\n', marked: '2m3s', replacement: '⟨duration⟩' },
};

describe('normaliser spans', () => {
  it('every normaliser has a sample here', () => {
    assert.deepEqual(NORMALIZERS.map((n) => n.name).filter((name) => !SAMPLES[name]), []);
  });

  for (const normalizer of NORMALIZERS) {
    it(`${normalizer.name}: marks the stretch it replaces, where it is in the transcript`, () => {
      const sample = SAMPLES[normalizer.name];
      assert.ok(sample);
      const spans = values(sample.text, [normalizer.name]);
      const mine = spans.filter((s) => s.name === normalizer.name);
      assert.ok(mine.length > 0, `${normalizer.name} reported a span: ${JSON.stringify(spans)}`);
      assert.equal(mine[0]?.original, sample.marked);
      assert.equal(mine[0]?.replacement, sample.replacement);
      assert.equal('number' in (mine[0] ?? {}), Boolean(normalizer.numbered), 'numbered normalisers, and only they, number their spans');
    });
  }

  it('gives an unchanged transcript no spans and an empty one none either', () => {
    assert.deepEqual(spansOf('Hello world\n'), []);
    assert.deepEqual(spansOf(''), []);
  });

  it('equal values share their number, distinct ones do not', () => {
    const spans = values('kubia:latest  033e1ece4b1e\nlocalhost:5000/kubia:latest  033e1ece4b1e\nother  9f8e7d6c5b4a\n');
    assert.deepEqual(
      spans.map((s) => [s.original, s.number]),
      [
        ['033e1ece4b1e', 1],
        ['033e1ece4b1e', 1],
        ['9f8e7d6c5b4a', 2],
      ],
    );
  });

  it('marks only what differs from the replacement', () => {
    assert.deepEqual(values('kubia-x7k2p kubia-x7k2p coredns-674b8bbfcf-qzt6n\n').map((s) => [s.original, s.replacement]), [
      ['x7k2p', '⟨hash-1⟩'],
      ['x7k2p', '⟨hash-1⟩'],
      ['674b8bbfcf-qzt6n', '⟨hash-2⟩'],
    ]);
    assert.deepEqual(values('127.0.0.1:8080->8080/tcp\n').map((s) => s.original), ['127.0.0.1']);
  });

  it('maps offsets through earlier passes: CRLF and trailing blanks go first', () => {
    const transcript = 'a  \r\nid f6c3a9e1b2d4\t\r\nip 10.0.0.1\r\n';
    const spans = spansOf(transcript);
    assert.deepEqual(
      spans.map((s) => [s.original, s.replacement, s.name, Boolean(s.layout)]),
      [
        ['  ', '', 'line-end', true],
        ['\r', '', 'line-end', true],
        ['f6c3a9e1b2d4', '⟨id-1⟩', 'short-id', false],
        ['\t', '', 'line-end', true],
        ['\r', '', 'line-end', true],
        ['10.0.0.1', '⟨ip-1⟩', 'ip', false],
        ['\r', '', 'line-end', true],
      ],
    );
  });

  it('a kubectl table: volatile cells, re-aligned gaps (layout) and later normalisers inside the rows each get their own span', () => {
    const table = ['NAME          READY   STATUS    RESTARTS   AGE   IP', 'kubia-b685b   1/1     Running   0          3s    10.244.0.6', 'kubia-bzv2s   1/1     Running   12         6s    10.244.0.4', ''].join('\n');
    const spans = spansOf(table);
    assert.deepEqual(
      spans.filter((s) => !s.layout).map((s) => [s.original, s.replacement, s.name]),
      [
        ['b685b', '⟨hash-1⟩', 'pod-hash'],
        ['0', '⟨restarts⟩', 'kubectl-age'],
        ['3s', '⟨age⟩', 'kubectl-age'],
        ['10.244.0.6', '⟨ip-1⟩', 'ip'],
        ['bzv2s', '⟨hash-2⟩', 'pod-hash'],
        ['12', '⟨restarts⟩', 'kubectl-age'],
        ['6s', '⟨age⟩', 'kubectl-age'],
        ['10.244.0.4', '⟨ip-2⟩', 'ip'],
      ],
    );
    assert.ok(
      spans.filter((s) => s.layout).every((s) => /^[ \t]*$/.test(s.original) && /^[ \t]*$/.test(s.replacement)),
      'layout spans change spaces only',
    );
  });

  it('a kubectl table whose rows the comparison sorts: a moved row is one span saying so, a row in place keeps its own spans', () => {
    const table = ['NAME          READY   STATUS              RESTARTS   AGE', 'kubia-2hmlj   1/1     Running             0          40s', 'kubia-9vzw7   0/1     ContainerCreating   0          2s', ''].join('\n');
    const { text, spans } = normalizeTranscript(table, []);
    assert.equal(replaced(table, spans), text);
    assert.match(text, /ContainerCreating[^]*\n.*Running/, 'sorted by the row as compared (0/1 before 1/1), not by the random name');
    const moved = spans.filter((s) => s.description.includes('다른 행이 옵니다'));
    assert.equal(moved.length, 2, 'both rows changed places');
    assert.ok(moved.every((s) => s.name === 'kubectl-age' && !s.layout && s.replacement.includes('⟨hash-')), 'later normalisers worked inside the moved rows');
    const inPlace = ['NAME          READY   STATUS    RESTARTS   AGE', 'kubia-2hmlj   1/1     Running   0          2s', 'kubia-9vzw7   1/1     Running   0          40s', ''].join('\n');
    assert.deepEqual(
      values(inPlace).map((s) => [s.original, s.name]),
      [
        ['2hmlj', 'pod-hash'],
        ['0', 'kubectl-age'],
        ['2s', 'kubectl-age'],
        ['9vzw7', 'pod-hash'],
        ['0', 'kubectl-age'],
        ['40s', 'kubectl-age'],
      ],
    );
  });

  it('a BuildKit log: the kept steps stay original text, the digest of the result is its own span', () => {
    const log = ['#1 [internal] load build definition from Dockerfile', '#1 DONE 0.1s', '', '#5 [1/2] FROM docker.io/library/node:24@sha256:' + 'cd'.repeat(32), '#5 DONE 9.1s', '', '#7 writing image sha256:' + 'ab'.repeat(32) + ' done', '#7 DONE 0.1s', ''].join('\n');
    const spans = values(log, ['buildkit']);
    assert.deepEqual(
      spans.map((s) => [s.original, s.replacement, s.name]),
      [
        ['#1 [internal] load build definition from Dockerfile\n#1 DONE 0.1s\n\n#5 ', '', 'buildkit'],
        [`@sha256:${'cd'.repeat(32)}`, '', 'buildkit'],
        ['#5 DONE 9.1s\n\n#7 ', '', 'buildkit'],
        [`sha256:${'ab'.repeat(32)}`, '⟨digest-1⟩', 'digest'],
        [' done\n#7 DONE 0.1s', '', 'buildkit'],
      ],
    );
  });

  it('a BuildKit log whose steps came out of order is one span, and the digest inside it stays part of it', () => {
    const log = ['#6 [2/2] ADD app.js /app.js', '#6 DONE 0.5s', '#5 [1/2] FROM docker.io/library/node:24', '#7 writing image sha256:' + 'ab'.repeat(32), '#7 DONE 0.1s'].join('\n');
    const { text, spans } = normalizeTranscript(log, ['buildkit']);
    assert.equal(text, `[1/2] FROM docker.io/library/node:24\n[2/2] ADD app.js /app.js\nwriting image ⟨digest-1⟩\n`);
    assert.deepEqual(
      spans.map((s) => [s.start, s.end, s.name, s.replacement]),
      [[0, log.length, 'buildkit', text]],
      'the digest normaliser worked inside the summary: its output is part of the one span, named by the summary',
    );
  });

  it('a left-out line next to a replaced value: two spans side by side', () => {
    const text = 'E1125 02:45:00.822934   13321 websocket.go:297] gone\nf6c3a9e1b2d4\n';
    assert.deepEqual(
      values(text, ['klog']).map((s) => [s.original, s.replacement, s.name]),
      [
        ['E1125 02:45:00.822934   13321 websocket.go:297] gone\n', '', 'klog'],
        ['f6c3a9e1b2d4', '⟨id-1⟩', 'short-id'],
      ],
    );
  });
});

describe('SpanMap', () => {
  const a = { name: 'a', description: 'A' };
  const b = { name: 'b', description: 'B' };
  const edit = (start: number, end: number, text: string, label = b) => ({ start, end, text, label });

  it('an edit in untouched text maps offset for offset', () => {
    const map = new SpanMap('0123456789');
    map.apply([edit(2, 4, 'X', a)]);
    map.apply([edit(4, 6, 'Y')]);
    assert.equal(map.text, '01X4Y789');
    assert.deepEqual(map.spans.map((s) => [s.start, s.end, s.replacement, s.name]), [
      [2, 4, 'X', 'a'],
      [5, 7, 'Y', 'b'],
    ]);
  });

  it('several edits of one pass inside one earlier output become one span with the earlier label', () => {
    const map = new SpanMap('abcdef');
    map.apply([edit(1, 5, 'PQRSTU', a)]);
    map.apply([edit(2, 3, 'x'), edit(4, 6, 'yy')]);
    assert.equal(map.text, 'aPxRyyUf');
    assert.deepEqual(map.spans.map((s) => [s.start, s.end, s.replacement, s.name]), [[1, 5, 'PxRyyU', 'a']]);
  });

  it('an edit reaching across an earlier output and untouched text takes both in', () => {
    const map = new SpanMap('abcdef');
    map.apply([edit(1, 2, 'XY', a)]);
    map.apply([edit(2, 4, 'z')]);
    assert.equal(map.text, 'aXzdef');
    assert.deepEqual(map.spans.map((s) => [s.start, s.end, s.replacement]), [[1, 3, 'Xz']]);
  });

  it('a stretch left out and an edit right after it stay two spans', () => {
    const map = new SpanMap('line\nvalue');
    map.apply([edit(0, 5, '', a)]);
    map.apply([edit(0, 5, 'V')]);
    assert.equal(map.text, 'V');
    assert.deepEqual(map.spans.map((s) => [s.start, s.end, s.replacement, s.name]), [
      [0, 5, '', 'a'],
      [5, 10, 'V', 'b'],
    ]);
  });

  it('an insertion at the edge of an earlier output stays beside it; one inside it joins it', () => {
    const beside = new SpanMap('abc');
    beside.apply([edit(1, 2, 'XY', a)]);
    beside.apply([edit(3, 3, '!')]);
    assert.deepEqual(beside.spans.map((s) => [s.start, s.end, s.replacement, s.name]), [
      [1, 2, 'XY', 'a'],
      [2, 2, '!', 'b'],
    ]);
    const inside = new SpanMap('abc');
    inside.apply([edit(1, 2, 'XY', a)]);
    inside.apply([edit(2, 2, '!')]);
    assert.equal(inside.text, 'aX!Yc');
    assert.deepEqual(inside.spans.map((s) => [s.start, s.end, s.replacement, s.name]), [[1, 2, 'X!Y', 'a']]);
  });
});

describe('the recordings', () => {
  for (const file of readdirSync('content/outputs').filter((f) => /^[^.]+\.json$/.test(f))) {
    it(`${file}: every block's spans add up to its stored comparison form, and a number names one value`, () => {
      const recording = noteRecordingSchema.parse(JSON.parse(readFileSync(`content/outputs/${file}`, 'utf8')));
      const blocks = blocksOf(parseMdx(readFileSync(recording.source, 'utf8'), recording.source), recording.source);
      for (const block of blocks) {
        const recorded = recording.blocks[block.key];
        if (block.kind !== 'run' || recorded?.kind !== 'run') continue;
        const { text, spans } = normalizeTranscript(recorded.transcript, block.meta.normalize);
        assert.equal(text, recorded.normalized, block.key);
        assert.equal(replaced(recorded.transcript, spans), recorded.normalized, block.key);
        const byNumber = new Map<string, string>();
        for (const span of spans.filter((s) => s.number !== undefined)) {
          const key = `${span.name}:${span.number}`;
          const original = recorded.transcript.slice(span.start, span.end);
          assert.equal(byNumber.get(key) ?? original, original, `${block.key}: ${key} names one value`);
          byNumber.set(key, original);
        }
      }
    });
  }
});
