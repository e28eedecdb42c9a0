// The cluster DNS of a real kind cluster, as the book's chapter 5 uses it for a headless Service
// (clusterIP: None): a lookup of the Service's name from inside a pod answers the IPs of its ready
// pods themselves, not one cluster IP. The block compares the answer with the pods' IPs that
// kubectl reports and prints only a verdict line, so the recording holds no IP.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fence } from '../support/blocks.ts';
import { fixtureProject } from '../support/project.ts';
import { clusters, kindReady } from '../support/kind.ts';
import { deleteKindCluster } from '../../scripts/lib/kubernetes/kind-delete.ts';
import { loadBusybox, webDeployment } from '../support/web-pods.ts';
import { skipUnlessCI } from '../support/engine.ts';

const REPLICAS = 3;

describe('the DNS of the kind cluster', { skip: skipUnlessCI(!kindReady && 'kind or kubectl is not installed here') }, () => {
  it('a lookup of a headless Service from inside a pod answers its ready pods\' IPs', { timeout: 900_000 }, async () => {
    const existed = clusters().includes('kubia-notes');
    const app = [
      '```yaml file=web.yaml',
      ...webDeployment('web', 'hello').map((line) => (line === 'spec:' ? `spec:\n  replicas: ${REPLICAS}` : line)),
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web-headless}',
      'spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}',
      '```',
    ].join('\n');
    // A-records only (busybox's nslookup also asks for AAAA otherwise), by the full name: the
    // namespace is the note's own. The Server's own "Address:" line comes before "Name:".
    const lookup = [
      'kubectl wait --for=condition=Ready pod -l app=web --timeout=60s > /dev/null',
      "pods=$(kubectl get pods -l app=web -o jsonpath='{range .items[*]}{.status.podIP}{\"\\n\"}{end}' | sort)",
      "ns=$(kubectl config view --minify -o jsonpath='{..namespace}')",
      "client=$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')",
      'dns=$(kubectl exec "$client" -- nslookup -type=A "web-headless.$ns.svc.cluster.local" | awk \'/^Name:/ {n = 1} n && /^Address/ {print $2}\' | sort)',
      'echo "pods: $(echo "$pods" | grep -c .), dns answers: $(echo "$dns" | grep -c .)"',
      'test -n "$dns" && test "$dns" = "$pods" && echo "the lookup answers exactly the ready pods\' IPs"',
    ].join('\n');
    const project = await fixtureProject({
      dns: [
        app,
        loadBusybox,
        fence('run id=apply needs=kind', 'kubectl apply -f web.yaml > /dev/null'),
        // retry=: CoreDNS learns the pods from the Service's endpoints a moment after they are ready.
        fence('run id=lookup needs=kind retry=120s until=/exactly/', lookup),
        fence('run id=tidy needs=kind cleanup', 'kubectl delete -f web.yaml --ignore-not-found --wait=false > /dev/null'),
      ].join('\n\n'),
    });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      const blocks = JSON.parse(await project.recording('dns')).blocks;
      const transcript: string = blocks.lookup.transcript;
      assert.match(transcript, new RegExp(`^pods: ${REPLICAS}, dns answers: ${REPLICAS}$`, 'm'));
      assert.match(transcript, /^the lookup answers exactly the ready pods' IPs$/m);
      assert.doesNotMatch(transcript, /\d+\.\d+\.\d+\.\d+/, 'the verdict holds no IP: the recording is the same on every run');
    } finally {
      if (!existed && clusters().includes('kubia-notes')) await deleteKindCluster('kubia-notes', () => {});
      await project.dispose();
    }
    if (!existed) assert.ok(!clusters().includes('kubia-notes'), 'the cluster the test made is gone');
  });
});
