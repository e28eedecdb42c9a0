// How the cluster's parts are installed together: the ingress controller waits for the address
// the load balancer gives; when the load balancer fails, that wait ends at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureParts } from '../../../scripts/lib/kubernetes/parts/index.ts';
import { execBounded } from '../../../scripts/lib/core/exec.ts';

const target = { cluster: 'kn-test', kubeconfig: '/dev/null', log: () => {} };

describe('the cluster\'s parts, side by side', () => {
  it('a failed load balancer ends the ingress controller\'s wait for its address: its error comes at once', async () => {
    const started = Date.now();
    let ingressSaw = '';
    const run = ensureParts(target, {
      loadBalancer: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('MetalLB: webhook not ready');
      },
      // The real wait of ingress.ts is a kubectl poll that passes the signal on; a sleep that
      // takes the signal stands for it here, killed when the signal aborts.
      ingress: async ({ signal }) => {
        const waited = await execBounded('sleep', ['20'], { timeoutMs: 30_000, signal });
        ingressSaw = signal.aborted ? `aborted (exit ${waited.exitCode})` : 'slept';
        throw new Error('the ingress controller: stopped waiting');
      },
    });
    await assert.rejects(run, /MetalLB: webhook not ready/);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    assert.match(ingressSaw, /^aborted/);
  });

  it('both parts succeeding resolve; the ingress controller\'s signal is never aborted', async () => {
    let aborted: boolean | undefined;
    await ensureParts(target, { loadBalancer: async () => {}, ingress: async ({ signal }) => void (aborted = signal.aborted) });
    assert.equal(aborted, false);
  });

  it('an ingress controller that fails alone is the error thrown', async () => {
    await assert.rejects(ensureParts(target, { loadBalancer: async () => {}, ingress: async () => { throw new Error('Traefik not Ready'); } }), /Traefik not Ready/);
  });
});
