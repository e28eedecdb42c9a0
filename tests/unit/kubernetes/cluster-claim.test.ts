import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { claimCluster, deadClaimant, releaseCluster } from '../../../scripts/lib/kubernetes/cluster-claim.ts';
import { runnerTag, thisRunner } from '../../../scripts/lib/core/runner-id.ts';

describe('the claim on a kind cluster a run makes', () => {
  let cache: string;
  const saved = process.env.XDG_CACHE_HOME;
  before(async () => {
    cache = await mkdtemp(join(tmpdir(), 'kn-claim-'));
    process.env.XDG_CACHE_HOME = cache;
  });
  after(async () => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
    await rm(cache, { recursive: true, force: true });
  });
  const claimFiles = async () => (await readdir(join(cache, 'kubia-notes/clusters')).catch(() => [])).map((name) => join(cache, 'kubia-notes/clusters', name));
  /** The claim as a run that is gone wrote it: a pid no process has, this host. */
  const claimOfDeadRun = async (keep: boolean) => {
    const [file] = await claimFiles();
    assert.ok(file, 'claimed');
    await writeFile(file, JSON.stringify({ runner: runnerTag({ ...thisRunner(), start: '1' }), keep }));
  };

  it('a live claimant is no orphan; a dead one is, with its --keep; releasing forgets it', async () => {
    assert.equal(await deadClaimant('kn-c'), undefined, 'no claim');
    await claimCluster('kn-c', false);
    assert.equal(await deadClaimant('kn-c'), undefined, 'this run is alive');
    assert.equal(await deadClaimant('kn-other'), undefined, 'a claim is on one cluster');
    await claimOfDeadRun(false);
    assert.deepEqual(await deadClaimant('kn-c'), { runner: { ...thisRunner(), start: '1' }, keep: false });
    await claimOfDeadRun(true);
    assert.equal((await deadClaimant('kn-c'))?.keep, true, 'a killed --keep run meant the cluster to stay');
    await releaseCluster('kn-c');
    assert.equal(await deadClaimant('kn-c'), undefined);
    assert.deepEqual(await claimFiles(), [], 'nothing left in the cache');
  });

  it('a claim names this run and its --keep; a broken one counts as none', async () => {
    await claimCluster('kn-c', true);
    const [file] = await claimFiles();
    assert.deepEqual(JSON.parse(await readFile(file as string, 'utf8')), { runner: runnerTag(), keep: true });
    await writeFile(file as string, '{"runn');
    assert.equal(await deadClaimant('kn-c'), undefined);
    await releaseCluster('kn-c');
  });
});
