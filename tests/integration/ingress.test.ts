// The cluster's ingress controller (scripts/lib/kubernetes/parts/ingress.ts) on a real kind
// cluster, as the book's chapter 5 uses it: an Ingress (networking.k8s.io/v1) for
// kubia.example.com in front of a Service of pods gets an ADDRESS (the controller's LoadBalancer
// address) and answers `curl -H 'Host: kubia.example.com' http://<address>/` from this machine;
// another host name is not routed; with the book's `tls:` section (5.4.4) and a secret made by
// openssl, the same address answers HTTPS for that host name with the secret's certificate (and
// Traefik's own for another name), and the recording holds no private key;
// the book's extensions/v1beta1 Ingress is refused by the cluster;
// a second run reuses Traefik; nothing of it outlives the cluster but the image cache.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fence } from '../support/blocks.ts';
import { fixtureProject } from '../support/project.ts';
import { claimsOf, clusters, kindReady, killWhileThenRerun, processRunning } from '../support/kind.ts';
import { deleteKindCluster } from '../../scripts/lib/kubernetes/kind-delete.ts';
import { kindAddressPool } from '../../scripts/lib/kubernetes/parts/address-pool.ts';
import { loadBusybox, webDeployment } from '../support/web-pods.ts';
import { DEFAULT_CLUSTER } from '../../scripts/lib/kubernetes/cluster-name.ts';
import { skipUnlessCI } from '../support/engine.ts';

/** The runner is installing Traefik: loading its image into the nodes or applying its manifest. */
const installingTraefik = () => processRunning((argv) => (argv.includes('docker-image') && argv.some((arg) => arg.startsWith('traefik:'))) || argv.some((arg) => arg.endsWith('/manifests/traefik.yaml')));
const leftContainers = (cluster: string) => execFileSync('docker', ['ps', '-aq', '--filter', `label=io.x-k8s.kind.cluster=${cluster}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

describe('the ingress controller of the kind cluster', { skip: skipUnlessCI(!kindReady && 'kind or kubectl is not installed here') }, () => {
  it('an Ingress for kubia.example.com answers curl with that Host header at its ADDRESS from this machine, and HTTPS with its tls: secret\'s certificate; the book\'s extensions/v1beta1 Ingress is refused; reused by the next run; gone with the cluster', { timeout: 900_000 }, async () => {
    const existed = clusters().includes('kubia-notes');
    const app = [
      '```yaml file=kubia.yaml',
      ...webDeployment('kubia', 'hello from behind the ingress'),
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: kubia-nodeport}',
      'spec: {type: NodePort, selector: {app: kubia}, ports: [{port: 80, targetPort: 8080}]}',
      '---',
      // As the book's kubia-ingress-tls.yaml, in today's API: no ingressClassName (the default class takes it).
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata: {name: kubia}',
      'spec:',
      '  tls:',
      '  - {hosts: [kubia.example.com], secretName: tls-secret}',
      '  rules:',
      '  - host: kubia.example.com',
      '    http:',
      '      paths:',
      '      - {path: /, pathType: Prefix, backend: {service: {name: kubia-nodeport, port: {number: 80}}}}',
      '```',
    ].join('\n');
    const book = [
      '```yaml file=kubia-ingress-book.yaml',
      'apiVersion: extensions/v1beta1',
      'kind: Ingress',
      'metadata:',
      '  name: kubia-book',
      'spec:',
      '  rules:',
      '  - host: kubia.example.com',
      '    http:',
      '      paths:',
      '      - path: /',
      '        backend:',
      '          serviceName: kubia-nodeport',
      '          servicePort: 80',
      '```',
    ].join('\n');
    const project = await fixtureProject({
      ing: [
        app,
        book,
        loadBusybox,
        fence('run id=book needs=kind expect=fail', 'kubectl apply -f kubia-ingress-book.yaml'),
        // The book's commands (5.4.4): openssl prints nothing, so no key reaches the recording.
        fence(
          'run id=secret needs=kind',
          [
            'openssl genrsa -out tls.key 2048',
            'openssl req -new -x509 -key tls.key -out tls.cert -days 360 -subj /CN=kubia.example.com',
            'kubectl create secret tls tls-secret --cert=tls.cert --key=tls.key',
          ].join('\n'),
        ),
        fence('run id=apply needs=kind', 'kubectl apply -f kubia.yaml'),
        fence(
          // until=: Traefik writes the ADDRESS and routes the new Ingress, and the pod becomes Ready, a moment apart.
          'run id=answer needs=kind retry=120s until=/hello/',
          [
            "ip=$(kubectl get ingress kubia -o jsonpath='{.status.loadBalancer.ingress[0].ip}')",
            'test -n "$ip"',
            'echo "ingress address: $ip"',
            `curl -sS --max-time 5 -H 'Host: kubia.example.com' "http://$ip/"`,
          ].join('\n'),
        ),
        fence(
          'run id=other-host needs=kind',
          [
            "ip=$(kubectl get ingress kubia -o jsonpath='{.status.loadBalancer.ingress[0].ip}')",
            `curl -s -o /dev/null -w '%{http_code}\\n' --max-time 5 -H 'Host: other.example.com' "http://$ip/"`,
          ].join('\n'),
        ),
        fence(
          // --resolve: curl sends the host name as SNI, by which Traefik picks the secret's certificate.
          'run id=https needs=kind retry=60s until=/CN=kubia\\.example\\.com[\\s\\S]*hello/',
          [
            "ip=$(kubectl get ingress kubia -o jsonpath='{.status.loadBalancer.ingress[0].ip}')",
            'curl -sS -k -v --max-time 5 --resolve "kubia.example.com:443:$ip" https://kubia.example.com/ 2>&1 | grep -E \'subject:|^< HTTP|hello\'',
          ].join('\n'),
        ),
        fence(
          'run id=https-other-host needs=kind',
          [
            "ip=$(kubectl get ingress kubia -o jsonpath='{.status.loadBalancer.ingress[0].ip}')",
            'curl -s -k -v -o /dev/null --max-time 5 --resolve "other.example.com:443:$ip" https://other.example.com/ 2>&1 | grep -E \'subject:|^< HTTP\'',
          ].join('\n'),
        ),
        fence('run id=tidy needs=kind cleanup', 'kubectl delete -f kubia.yaml --ignore-not-found --wait=false\nkubectl delete secret tls-secret --ignore-not-found'),
      ].join('\n\n'),
    });
    try {
      const first = await project.run('--update', '--keep');
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /ingress controller Traefik: (http:\/\/\S+ \(|reused)/);
      const blocks = JSON.parse(await project.recording('ing')).blocks;
      assert.match(blocks.book.transcript, /no matches for kind "Ingress" in version "extensions\/v1beta1"/);
      const answer: string = blocks.answer.transcript;
      assert.match(answer, /hello from behind the ingress/);
      const ip = /ingress address: (\d+\.\d+\.\d+\.\d+)/.exec(answer)?.[1];
      assert.ok(ip, `no ingress address in ${answer}`);
      const pool = await kindAddressPool();
      assert.equal(ip.split('.').slice(0, 3).join('.'), pool.first.split('.').slice(0, 3).join('.'), `${ip} is in the load balancer's pool ${pool.first}-${pool.last}`);
      assert.match(blocks['other-host'].transcript, /^404$/m, 'a host no Ingress names is not routed');
      const https: string = blocks.https.transcript;
      assert.match(https, /subject: CN ?= ?kubia\.example\.com$/m, `the secret's certificate is served for its host name over HTTPS:\n${https}`);
      assert.match(https, /^< HTTP\/\S+ 200/m);
      assert.match(https, /hello from behind the ingress/);
      const other: string = blocks['https-other-host'].transcript;
      assert.match(other, /subject: CN ?= ?TRAEFIK DEFAULT CERT$/m, `another host name gets Traefik's own certificate, not the secret's:\n${other}`);
      assert.match(other, /^< HTTP\/\S+ 404/m);
      const recording = await project.recording('ing');
      assert.doesNotMatch(recording, /PRIVATE KEY|LS0tLS1CRUdJTi/, 'no key material in the recording');

      const second = await project.run('--update');
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stderr, /ingress controller Traefik: reused/, 'the next run on the same cluster reuses Traefik');
    } finally {
      if (!existed && clusters().includes('kubia-notes')) await deleteKindCluster('kubia-notes', () => {});
      await project.dispose();
    }
    if (!existed) {
      assert.ok(!clusters().includes('kubia-notes'));
      // Traefik lived in the cluster only: no node, no container of it is left on the engine.
      assert.equal(leftContainers('kubia-notes'), '');
    }
  });

  it('a run killed while it installs Traefik: the next run takes the cluster over, installs it in full (not taken for installed) and deletes the cluster with it', { timeout: 900_000 }, async (t) => {
    if (clusters().includes(DEFAULT_CLUSTER)) return t.skip(`a ${DEFAULT_CLUSTER} cluster exists here: the run would not make one`);
    const project = await fixtureProject({ k: fence('run id=class needs=kind', 'kubectl get ingressclass -o name') });
    try {
      const next = await killWhileThenRerun(project, installingTraefik, 'install Traefik', 600_000);
      assert.match(next.stderr, /ingress controller Traefik: http:\/\/\S+ \(/, 'installed in full, not reused');
      assert.equal(JSON.parse(await project.recording('k')).blocks.class.transcript, 'ingressclass.networking.k8s.io/traefik\n');
      assert.ok(!clusters().includes(DEFAULT_CLUSTER), 'the cluster went, and Traefik with it');
      assert.equal(leftContainers(DEFAULT_CLUSTER), '');
      assert.deepEqual(claimsOf(DEFAULT_CLUSTER), [], 'no claim left');
    } finally {
      if (clusters().includes(DEFAULT_CLUSTER)) await deleteKindCluster(DEFAULT_CLUSTER, () => {});
      for (const claim of claimsOf(DEFAULT_CLUSTER)) await rm(claim, { force: true });
      await project.dispose();
    }
  });
});
