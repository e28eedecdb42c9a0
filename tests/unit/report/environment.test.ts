import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { environmentDifference } from '../../../scripts/lib/report/environment-diff.ts';
import { offPin, pinnedEnvironment } from '../../../scripts/lib/core/pinned-environment.ts';
import type { NoteRecording, RunRecording } from '../../../src/lib/store/schema.ts';

const pinned = pinnedEnvironment();

describe('the pinned environment is defined in one place', () => {
  it('the stock cluster config names the pinned node image by digest', () => {
    assert.match(pinned.nodeImage, new RegExp(`^kindest/node:${pinned.kubernetes.replace(/\./g, '\\.')}@sha256:[0-9a-f]{64}$`));
    assert.ok(readFileSync('scripts/kind/cluster.yaml', 'utf8').includes(`image: ${pinned.nodeImage}`));
  });

  it('the offline cluster config names the image built for the pinned version', () => {
    assert.ok(readFileSync('scripts/airgap/kind/kind-config.yaml', 'utf8').includes(`image: kubia-notes/kind-node:${pinned.kubernetes}\n`));
  });

  it('the workflow installs the pinned kind and kubectl', () => {
    const workflow = readFileSync('.github/workflows/verify-notes.yml', 'utf8');
    assert.ok(workflow.includes(`version: ${pinned.kind}\n`), pinned.kind);
    assert.ok(workflow.includes(`kubectl_version: ${pinned.kubernetes}\n`), pinned.kubernetes);
  });

  it('says which tool is off the pin and how to get the pinned one', () => {
    const environment = { os: 'x', runner: 'y', kind: 'v0.30.0', kubernetes: { client: 'v1.33.13', server: pinned.kubernetes, context: 'kind-kubia-notes' } };
    const lines = offPin(environment);
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^kubectl is v1\.33\.13, not the pinned v1\.34\.11: .*dl\.k8s\.io\/release\/v1\.34\.11/);
    assert.match(lines[1] ?? '', /kind is v0\.30\.0, not the pinned v0\.33\.0/);
    assert.deepEqual(offPin({ ...environment, kind: pinned.kind, kubernetes: { ...environment.kubernetes, client: pinned.kubernetes } }), []);
  });
});

describe('environmentDifference', () => {
  const run = (environment: RunRecording['environment'], recordedAt = '2026-12-01T00:00:00Z'): RunRecording => ({ kind: 'run', hash: 'h', inputs: [], line: 1, exitCode: 0, transcript: '', normalized: '', masks: [], durationMs: 1, attempts: 1, recordedAt, environment });
  const docker = { client: '28.2.2', server: '26.1.5' };
  const kubernetes = { client: 'v1.34.11', server: 'v1.34.11', context: 'kind-kubia-notes' };
  const recording: NoteRecording = { note: 'n', source: 's', blocks: { a: run({ os: 'x', runner: 'y', docker }), b: run({ os: 'x', runner: 'y', docker, kubernetes }) } };

  it('is silent on the recorded versions', () => {
    assert.equal(environmentDifference(recording, { os: 'other', runner: 'other', docker, kubernetes }), undefined);
  });

  it('says what moved, before anything runs', () => {
    assert.equal(
      environmentDifference(recording, { os: 'x', runner: 'y', docker: { client: '29', server: '29.1.0' }, kubernetes: { ...kubernetes, client: 'v1.37.0', server: 'v1.37.0' } }),
      'recorded on Kubernetes v1.34.11 (kubectl v1.34.11), Docker 26.1.5; running on Kubernetes v1.37.0 (kubectl v1.37.0), Docker 29.1.0',
    );
  });

  it('compares only what this run uses', () => {
    assert.equal(environmentDifference(recording, { os: 'x', runner: 'y', docker: { client: '29', server: '29.1.0' } }), 'recorded on Docker 26.1.5; running on Docker 29.1.0');
  });
});
