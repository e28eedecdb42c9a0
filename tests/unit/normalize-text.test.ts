// Values of ordinary command output that change on every run: durations, `date`, curl's
// progress meter, JSON resourceVersions, the runner's temp dirs. Samples are real outputs
// (kubectl describe as printed in public issue threads and notes; `date` and curl run here).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { normalizeTranscript } from '../../src/lib/normalize/index.ts';
import { runScript } from '../../scripts/lib/run/shell.ts';
import { runnerTempDir } from '../../scripts/lib/core/temp-dirs.ts';

const normalized = (text: string) => normalizeTranscript(text, []).text;
const maskNames = (text: string) => normalizeTranscript(text, []).masks.map((m) => m.name);

describe('duration', () => {
  const describeJob = (duration: string) =>
    [
      'Start Time:       Mon, 07 Dec 2026 15:38:49 +0000',
      'Completed At:     Mon, 07 Dec 2026 15:40:52 +0000',
      `Duration:         ${duration}`,
      'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed',
      '',
    ].join('\n');

  it("masks describe job's Duration and its times, in every form HumanDuration prints", () => {
    assert.equal(normalized(describeJob('2m3s')), ['Start Time:       ⟨time⟩', 'Completed At:     ⟨time⟩', 'Duration:         ⟨duration⟩', 'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed', ''].join('\n'));
    for (const value of ['10s', '5m', '3h4m', '2d3h', '3y45d', '<invalid>']) assert.equal(normalized(describeJob(value)), normalized(describeJob('2m3s')), value);
  });

  it("masks the kubelet's pull times but keeps the image and its size", () => {
    const event = (took: string, waited: string) => `  Normal  Pulled     4s    kubelet            Successfully pulled image "ghcr.io/actions/actions-runner:latest" in ${took} (${waited} including waiting). Image size: 543804759 bytes.\n`;
    assert.match(normalized(event('796ms', '1.594s')), /Successfully pulled image "ghcr\.io\/actions\/actions-runner:latest" in ⟨duration⟩ \(⟨duration⟩ including waiting\)\. Image size: 543804759 bytes\./);
    assert.equal(normalized(event('796ms', '1.594s')), normalized(event('1m2.5s', '47ms')));
    assert.equal(normalized('Successfully pulled image "luksa/kubia" in 1.234567891s\n'), 'Successfully pulled image "luksa/kubia" in ⟨duration⟩\n', 'older kubelets print no waiting time');
  });

  it("masks curl's time before it gave up, not the port it names", () => {
    const text = "curl: (7) Failed to connect to 127.0.0.1 port 8080 after 0 ms: Couldn't connect to server\n";
    assert.equal(normalized(text), "curl: (7) Failed to connect to 127.0.0.1 port 8080 after ⟨duration⟩: Couldn't connect to server\n");
    assert.equal(normalized(text.replace('0 ms', '2001 ms')), normalized(text));
    assert.equal(normalized('curl: (28) Connection timed out after 5001 milliseconds\n'), 'curl: (28) Connection timed out after ⟨duration⟩\n');
  });

  it('leaves durations that are part of the note alone', () => {
    for (const text of ['Duration: 30 days\n', 'sleep 5s\n', 'Liveness: http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3\n', 'node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n']) {
      assert.equal(normalized(text), text);
    }
  });
});

describe('describe: the times kubectl prints (RFC 1123 with a numeric zone)', () => {
  it('are masked by http-date in Start Time, Started, Finished and Last State', () => {
    const pod = [
      'Start Time:       Mon, 07 Dec 2026 15:38:49 +0000',
      '    State:          Running',
      '      Started:      Mon, 07 Dec 2026 15:39:02 +0000',
      '    Last State:     Terminated',
      '      Reason:       Error',
      '      Exit Code:    137',
      '      Started:      Mon, 07 Dec 2026 15:38:50 +0000',
      '      Finished:     Mon, 07 Dec 2026 15:39:01 +0000',
      '',
    ].join('\n');
    const text = normalized(pod);
    assert.doesNotMatch(text, /Dec 2026|\d\d:\d\d:\d\d/);
    assert.equal((text.match(/⟨time⟩/g) ?? []).length, 4);
    assert.match(text, /Exit Code: {4}137/);
  });
});

describe('unix-date', () => {
  // GNU date, run here, in the C locale the runner's blocks see by default.
  const realDate = (iso: string) => execFileSync('date', ['-u', '-d', iso], { env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' }, encoding: 'utf8' });

  it('masks `date` output, one-digit days (space-padded) and two-digit days alike', () => {
    const oneDigit = realDate('2026-12-07T15:38:49Z');
    assert.equal(oneDigit, 'Mon Dec  7 15:38:49 UTC 2026\n');
    assert.equal(normalized(oneDigit), '⟨time⟩\n');
    assert.equal(normalized(`${realDate('2026-12-17T09:01:02Z').trim()} Batch job starting\n`), '⟨time⟩ Batch job starting\n');
    assert.deepEqual(maskNames(oneDigit), ['unix-date']);
  });

  it('masks each line of a log that stamps its lines with date', () => {
    const log = `${realDate('2026-12-07T15:38:49Z')}${realDate('2026-12-07T15:38:59Z')}`;
    assert.equal(normalized(log), '⟨time⟩\n⟨time⟩\n');
  });
});

describe('resource-version and creationTimestamp', () => {
  it('masks resourceVersion in JSON as in YAML, and leaves generation', () => {
    const json = '{\n    "metadata": {\n        "creationTimestamp": "2026-12-07T15:38:49Z",\n        "generation": 1,\n        "resourceVersion": "12345",\n        "uid": "0f8fad5b-d9cb-469f-a165-70867728950e"\n    }\n}\n';
    assert.equal(normalized(json), '{\n    "metadata": {\n        "creationTimestamp": "⟨time⟩",\n        "generation": 1,\n        "resourceVersion": "⟨version⟩",\n        "uid": "⟨uid-1⟩"\n    }\n}\n');
    assert.equal(normalized('  creationTimestamp: "2026-12-07T15:38:49Z"\n  generation: 1\n  resourceVersion: "12345"\n'), '  creationTimestamp: "⟨time⟩"\n  generation: 1\n  resourceVersion: "⟨version⟩"\n');
  });
});

describe('curl-progress', () => {
  // Captured from curl 7.88.1 here (stderr merged into stdout, as the runner does).
  const METER =
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0' +
    '\r100     6  100     6    0     0    646      0 --:--:-- --:--:-- --:--:--   666\n';

  it('drops the whole meter and keeps the body', () => {
    assert.equal(normalized(`${METER}26034\n`), '26034\n');
    assert.deepEqual(maskNames(`${METER}26034\n`), ['curl-progress']);
  });

  it('drops rows wherever they come, the body between them kept', () => {
    const header = METER.slice(0, METER.indexOf('\r'));
    const text = `${header}  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0<!DOCTYPE html>\n<p>hi</p>\n\r100  2980  100  2980    0     0  60816      0 --:--:-- --:--:-- --:--:-- 62083\n`;
    assert.equal(normalized(text), '<!DOCTYPE html>\n<p>hi</p>\n');
    const slow = `${header}\r 37 59.5M   37 22.5M    0     0   283k      0  0:03:34  0:01:21  0:02:13  355k\r100 59.5M  100 59.5M    0     0  1.2M      0  0:00:49  0:00:49 --:--:-- 2512k\n`;
    assert.equal(normalized(slow), '');
  });

  it('keeps the digits of a body that goes on right after a row', () => {
    const row = '\r 56 88000   56 50000    0     0  41572      0  0:00:02  0:00:01  0:00:01   666';
    assert.equal(normalized(`line 04467\nline 0${row}4468\n`), 'line 04467\nline 04468\n');
    assert.equal(normalized(`line 07${row}${row.replace(' 56', '100')}\n819\n`), 'line 07819\n', 'two rows in a row, the last ending the meter');
  });

  it('drops rows that end with \\r instead of starting with it', () => {
    const header = METER.slice(0, METER.indexOf('\r'));
    const row = '  0     0    0     0    0     0      0      0 --:--:--  0:00:01 --:--:--     0\r';
    const text = `${header}${row}${row}\ncurl: (28) Failed to connect to 10.99.0.7 port 80 after 10004 ms: Timeout was reached\n`;
    assert.equal(normalized(text), 'curl: (28) Failed to connect to ⟨ip-1⟩ port 80 after ⟨duration⟩: Timeout was reached\n');
  });

  it('leaves a table of numbers that is not curl’s alone', () => {
    const text = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n';
    assert.equal(normalized(text), text);
  });

  describe('against a real curl and a local server', () => {
    let server: Server;
    let dir: string;
    let url: string;
    // Big enough that curl flushes part of the body before the end, and slow enough that it
    // redraws the meter (once a second) in between.
    const body = Array.from({ length: 8000 }, (_, i) => `line ${String(i).padStart(5, '0')}\n`).join('');
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kn-curl-'));
      server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
        response.write(body.slice(0, 50_000));
        setTimeout(() => response.end(body.slice(50_000)), 1_200).unref();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    });

    it('the comparison form is the response body and nothing of the meter', async () => {
      const run = await runScript(`curl ${url}`, { cwd: dir, env: process.env, timeoutMs: 10_000, scriptDir: dir, name: 'curl' });
      assert.equal(run.exitCode, 0, run.output);
      assert.match(run.output, /% Total +% Received/, 'curl printed its meter (stdout is not a terminal)');
      assert.ok((run.output.match(/\r/g) ?? []).length >= 2, 'curl redrew the meter at least twice');
      const text = normalized(run.output);
      const stray = text.split('\n').filter((line, i) => line !== body.split('\n')[i]);
      assert.ok(text === body, `the comparison form differs from the body at: ${JSON.stringify(stray.slice(0, 3))}\nrows: ${JSON.stringify(run.output.match(/.{0,12}\r.{0,90}/g))}`);
    });
  });
});

describe('runner-dir', () => {
  it("masks the runner's temp dirs as runnerTempDir names them, wherever the temp dir is", async () => {
    const workDir = await runnerTempDir('week-02');
    try {
      assert.equal(normalized(`${workDir}\n`), '⟨dir-1⟩\n');
      assert.equal(normalized(`cat: ${workDir}/app.js: No such file or directory\n`), 'cat: ⟨dir-1⟩/app.js: No such file or directory\n');
      assert.equal(normalized('/var/folders/x_/T/kubia-notes-week-02.4242.98765-Ab12Cd/sub\n'), '⟨dir-1⟩/sub\n');
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it('leaves paths that only look alike alone', () => {
    for (const text of ['/home/me/kubia-notes/content\n', '/tmp/kubia-notes-cache\n']) assert.equal(normalized(text), text);
  });
});
