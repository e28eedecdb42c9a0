// The cluster's load balancer (scripts/lib/kubernetes/parts/) on a real kind cluster: a
// LoadBalancer Service gets an EXTERNAL-IP from the pool on kind's Docker network and answers
// curl from this machine; a second run reuses MetalLB; deleting the cluster leaves nothing of it
// behind but the image cache; a run killed while it installs MetalLB is taken over and finished.
// Offline, MetalLB's images come from scripts/airgap/metallb/images.sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fixtureProject } from '../support/project.ts';
import { claimsOf, clusters, kindReady, killWhileThenRerun, processRunning } from '../support/kind.ts';
import { deleteKindCluster } from '../../scripts/lib/kubernetes/kind-delete.ts';
import { kindAddressPool } from '../../scripts/lib/kubernetes/parts/address-pool.ts';
import { DEFAULT_CLUSTER } from '../../scripts/lib/kubernetes/cluster-name.ts';
import { manifestImages, METALLB_MANIFEST } from '../../scripts/lib/kubernetes/parts/load-balancer.ts';
import { skipUnlessCI } from '../support/engine.ts';

const block = (meta: string, code: string) => `\`\`\`sh ${meta}\n${code}\n\`\`\``;
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
/** MetalLB's images are in Docker here (built offline): the runner loads them into the nodes. */
const imagesHere = () => manifestImages(readFileSync(METALLB_MANIFEST, 'utf8')).every((image) => {
  try {
    return docker('image', 'inspect', '-f', '{{.Id}}', image) !== '';
  } catch {
    return false;
  }
});
/** A `kind load docker-image quay.io/metallb/…` running: the runner is installing the load balancer. */
const loadingMetallb = () => processRunning((argv) => argv.includes('docker-image') && argv.some((arg) => arg.startsWith('quay.io/metallb/')));

describe('the load balancer of the kind cluster', { skip: skipUnlessCI(!kindReady && 'kind or kubectl is not installed here') }, () => {
  it('a LoadBalancer Service gets an EXTERNAL-IP from the pool on kind\'s network that answers curl from this machine; reused by the next run; gone with the cluster', { timeout: 600_000 }, async (t) => {
    // The runner's cluster (KUBIA_NOTES_KIND_CLUSTER names another): made and deleted here unless it was there before.
    const existed = clusters().includes(DEFAULT_CLUSTER);
    const web = 'mkdir -p /www && echo "hello from a LoadBalancer service" > /www/index.html && exec httpd -f -p 8080 -h /www';
    const manifest = [
      '```yaml file=web.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      `      containers: [{name: web, image: busybox, imagePullPolicy: IfNotPresent, command: [sh, -c, ${JSON.stringify(web)}]}]`,
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      'spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}',
      '```',
    ].join('\n');
    const project = await fixtureProject({
      lb: [
        manifest,
        block('run id=load needs=docker,kind timeout=120s', 'docker image inspect busybox > /dev/null 2>&1 || docker pull -q busybox > /dev/null\nkind load docker-image busybox --name "$KIND_CLUSTER" > /dev/null 2>&1'),
        block('run id=apply needs=kind', 'kubectl apply -f web.yaml'),
        block(
          // until=: MetalLB assigns the address, the pod becomes Ready and the speaker answers ARP a moment apart.
          'run id=answer needs=kind retry=120s until=/hello/',
          [
            "ip=$(kubectl get svc web -o jsonpath='{.status.loadBalancer.ingress[0].ip}')",
            'test -n "$ip"',
            'echo "external ip: $ip"',
            'curl -sS --max-time 5 "http://$ip/"',
          ].join('\n'),
        ),
        block('run id=tidy needs=kind cleanup', 'kubectl delete -f web.yaml --ignore-not-found --wait=false'),
      ].join('\n\n'),
    });
    try {
      const first = await project.run('--update', '--keep');
      assert.equal(first.code, 0, first.stderr);
      const installed = /load balancer MetalLB: (pool \S+ on kind's network|reused).*/.exec(first.stderr);
      assert.ok(installed, first.stderr);
      t.diagnostic(installed[0]);
      const answer: string = JSON.parse(await project.recording('lb')).blocks.answer.transcript;
      assert.match(answer, /hello from a LoadBalancer service/);
      const ip = /external ip: (\d+\.\d+\.\d+\.\d+)/.exec(answer)?.[1];
      const pool = await kindAddressPool();
      assert.ok(ip, `no external ip in ${answer}`);
      const last = (address: string) => Number(address.split('.').at(-1));
      assert.equal(ip.split('.').slice(0, 3).join('.'), pool.first.split('.').slice(0, 3).join('.'), `${ip} is in the pool ${pool.first}-${pool.last}`);
      assert.ok(last(ip) >= last(pool.first) && last(ip) <= last(pool.last), `${ip} is in the pool ${pool.first}-${pool.last}`);

      const second = await project.run('--update');
      assert.equal(second.code, 0, second.stderr);
      const reused = /load balancer MetalLB: reused.*/.exec(second.stderr);
      assert.ok(reused, `the next run on the same cluster reuses MetalLB:\n${second.stderr}`);
      t.diagnostic(reused[0]);
    } finally {
      if (!existed && clusters().includes(DEFAULT_CLUSTER)) await deleteKindCluster(DEFAULT_CLUSTER, () => {});
      await project.dispose();
    }
    if (!existed) {
      assert.ok(!clusters().includes(DEFAULT_CLUSTER));
      // MetalLB lived in the cluster only: no node, no container of it is left on the engine.
      assert.equal(docker('ps', '-aq', '--filter', `label=io.x-k8s.kind.cluster=${DEFAULT_CLUSTER}`), '');
    }
  });

  it('a run killed while it installs MetalLB: the next run takes the cluster over, installs it in full and deletes the cluster with it', { timeout: 600_000 }, async (t) => {
    if (clusters().includes(DEFAULT_CLUSTER)) return t.skip(`a ${DEFAULT_CLUSTER} cluster exists here: the run would not make one`);
    if (!imagesHere()) return t.skip('MetalLB\'s images are not in Docker here (scripts/airgap/metallb/images.sh): nodes pull them, nothing to catch in flight');
    const project = await fixtureProject({ k: block('run id=pool needs=kind', 'kubectl get ipaddresspools -n metallb-system -o name') });
    try {
      const next = await killWhileThenRerun(project, loadingMetallb, 'load MetalLB\'s images', 300_000);
      assert.match(next.stderr, /load balancer MetalLB: pool \S+ on kind's network/, 'installed in full, not taken for installed');
      assert.equal(JSON.parse(await project.recording('k')).blocks.pool.transcript, 'ipaddresspool.metallb.io/kubia-notes\n');
      assert.ok(!clusters().includes(DEFAULT_CLUSTER), 'the cluster went, and MetalLB with it');
      assert.deepEqual(claimsOf(DEFAULT_CLUSTER), [], 'no claim left');
    } finally {
      if (clusters().includes(DEFAULT_CLUSTER)) await deleteKindCluster(DEFAULT_CLUSTER, () => {});
      for (const claim of claimsOf(DEFAULT_CLUSTER)) await rm(claim, { force: true });
      await project.dispose();
    }
  });
});
