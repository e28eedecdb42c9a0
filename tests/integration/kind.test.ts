// The runner's Kubernetes side against a real kind cluster: run where kind and kubectl are on
// PATH (our CI puts the offline build there; KUBIA_NOTES_KIND_CONFIG picks its config).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureProject } from '../support/project.ts';
import { clusters, kindReady, mirrorExists } from '../support/kind.ts';
import { sharedCluster } from '../support/shared-cluster.ts';
import { deleteKindCluster } from '../../scripts/lib/kubernetes/kind-delete.ts';
import { toolEnvironment } from '../../scripts/lib/cli/tool-path.ts';
import { createKindCluster } from '../../scripts/lib/kubernetes/kind-cluster.ts';
import { kindConfigNeedsOf } from '../../scripts/lib/kubernetes/kind-config.ts';
import { fileURLToPath } from 'node:url';
import { skipUnlessCI } from '../support/engine.ts';

if (!kindReady && process.env.CI) throw new Error('CI without kind/kubectl on PATH: run scripts/airgap/kind/tools.sh first');

const block = (meta: string, code: string) => `\`\`\`sh ${meta}\n${code}\n\`\`\``;

describe('verify-notes against a real kind cluster', { skip: skipUnlessCI(!kindReady && 'kind or kubectl is not installed here') }, () => {
  it('runs kind blocks in the note\'s namespace, reports what they leave and why a block failed, and deletes the cluster it made', async () => {
    const existed = clusters().includes('kubia-notes');
    const project = await fixtureProject({
      k: [
        block('run id=ns needs=kind', "kubectl config view --minify -o jsonpath='{..namespace}{\"\\n\"}'\nkubectl create service clusterip leaky --tcp=80:80"),
        block('run id=missing needs=kind', 'kubectl get pod does-not-exist'),
      ].join('\n\n'),
    });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /missing failed .*exited with 1/);
      assert.match(run.stderr, /--- kubectl get events -n kubia-notes-k/, 'a failed kind block carries events');
      assert.match(run.stderr, /left behind in Kubernetes namespace kubia-notes-k \(now removed\): Service\/leaky/);
      assert.equal(clusters().includes('kubia-notes'), existed, 'a cluster this run created is deleted again');
    } finally {
      await project.dispose();
    }
  });

  it('the namespace of a run killed mid-note is removed by the next run, which says so', async () => {
    const existed = clusters().includes('kubia-notes');
    const victim = await fixtureProject({ killed: block('run id=wait needs=kind', 'kubectl create configmap marker --from-literal=a=b\nsleep 300') });
    const next = await fixtureProject({ other: block('run id=ok needs=kind', 'kubectl get configmap marker -n kubia-notes-killed -o name') });
    try {
      const inNode = (...args: string[]) => {
        try {
          return execFileSync('docker', ['exec', 'kubia-notes-control-plane', 'kubectl', '--kubeconfig', '/etc/kubernetes/admin.conf', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        } catch {
          return ''; // no node yet
        }
      };
      // Killed once its block runs (the marker exists), however long making the cluster took.
      let pid = 0;
      const killed = victim.runWith({ onStart: (started) => (pid = started) }, '--update');
      const deadline = Date.now() + 100_000;
      while (!inNode('get', 'configmap', 'marker', '-n', 'kubia-notes-killed', '-o', 'name', '--ignore-not-found')) {
        assert.ok(Date.now() < deadline, 'the victim\'s block never ran');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      process.kill(pid, 'SIGKILL');
      await killed;
      const namespaces = () => inNode('get', 'namespace', 'kubia-notes-killed', '-o', 'jsonpath={.status.phase}', '--ignore-not-found');
      assert.equal(namespaces(), 'Active', 'the killed run left its namespace');
      const run = await next.run('--update', '--keep');
      assert.match(run.stderr, /removed the Kubernetes namespace\(s\) of a dead run: kubia-notes-killed/);
      assert.match(namespaces(), /^(Terminating)?$/);
    } finally {
      if (!existed && clusters().includes('kubia-notes')) await deleteKindCluster('kubia-notes', () => {});
      await victim.dispose();
      await next.dispose();
    }
  });

  it('--context runs the kind blocks on an existing cluster under another name, and the recording names it', async () => {
    const kubeconfig = join(tmpdir(), `kn-context-${process.pid}.yaml`);
    // The kind config the runner would use (the offline one where setup wrote it down).
    const config = toolEnvironment(process.env).KUBIA_NOTES_KIND_CONFIG ?? fileURLToPath(new URL('../../scripts/kind/cluster.yaml', import.meta.url));
    // Made the way the runner makes its own (its config's network, every node Ready).
    await createKindCluster({ name: 'kn-context', config, kubeconfig, log: () => {} });
    const project = await fixtureProject({ c: block('run id=nodes needs=kind', "kubectl get nodes -o jsonpath='{.items[0].metadata.name}{\"\\n\"}'") });
    try {
      const run = await project.runWith({ env: { KUBECONFIG: kubeconfig } }, '--update', '--context', 'kind-kn-context');
      assert.equal(run.code, 0, run.stderr);
      const recording = JSON.parse(await project.recording('c')).blocks.nodes;
      assert.equal(recording.normalized, 'kn-context-control-plane\n', 'the blocks ran on that cluster');
      assert.equal(recording.environment.kubernetes.context, 'kind-kn-context');
      assert.ok(clusters().includes('kn-context'), 'a cluster the run did not make is left alone');
      assert.match(run.stderr, /context kind-kn-context: kn-context-control-plane \(node-role\.kubernetes\.io\/control-plane:NoSchedule\) run no pods of the notes; verify-notes leaves a cluster it did not make as it is/, 'its tainted control plane is said, not changed');
      assert.match(execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'node', 'kn-context-control-plane', '-o', 'jsonpath={.spec.taints[*].key}'], { encoding: 'utf8' }), /node-role\.kubernetes\.io\/control-plane/);
      const namespaces = execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'namespaces', '-o', 'name'], { encoding: 'utf8' });
      assert.doesNotMatch(namespaces, /metallb-system/, 'the cluster\'s parts (the load balancer) are not installed on a --context cluster');
    } finally {
      await deleteKindCluster('kn-context', () => {});
      rmSync(kubeconfig, { force: true });
      await project.dispose();
    }
  });

  it('a book manifest runs verbatim: `image: luksa/kubia` from Docker Hub, or offline from the docker.io mirror, which goes with the last cluster', async () => {
    const existed = clusters().includes('kubia-notes');
    const kindConfig = toolEnvironment(process.env).KUBIA_NOTES_KIND_CONFIG;
    const mirrored = kindConfig ? kindConfigNeedsOf(kindConfig).bookMirror : false;
    // The book's chapter 3 pod manifest, as the book prints it.
    const manifest = '```yaml file=kubia-manual.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: kubia-manual\nspec:\n  containers:\n  - image: luksa/kubia\n    name: kubia\n    ports:\n    - containerPort: 8080\n      protocol: TCP\n```';
    const project = await fixtureProject({
      b: [
        manifest,
        block('run id=create needs=kind', 'kubectl create -f kubia-manual.yaml'),
        block('run id=image needs=kind retry=120s until=/Running/', "kubectl get pod kubia-manual -o jsonpath='{.status.phase} {.status.containerStatuses[0].image}{\"\\n\"}'\nkubectl exec kubia-manual -- curl -s http://localhost:8080"),
        block('run id=tidy needs=kind cleanup', 'kubectl delete pod kubia-manual --ignore-not-found --wait=false'),
      ].join('\n\n'),
    });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(await project.recording('b')).blocks.image.normalized, "Running docker.io/luksa/kubia:latest\nYou've hit kubia-manual\n");
      if (mirrored) {
        assert.match(run.stderr, /docker\.io mirror kubia-notes-mirror: luksa\/kubia:latest (built|reused)/);
        if (!existed && clusters().length === 0) assert.ok(!mirrorExists(), 'the mirror went with the last kind cluster');
      }
    } finally {
      if (!existed && clusters().includes('kubia-notes')) await deleteKindCluster('kubia-notes', () => {});
      await project.dispose();
    }
  });

  // The tests above make (or take over) and delete their own cluster: its life cycle is what they
  // check. These only need a cluster: one made once for them all, deleted after the last.
  describe('on one cluster made for these tests', () => {
    sharedCluster();

    it('a note whose first block creates a pod passes: the session waits for the namespace\'s default ServiceAccount', async () => {
      // Three notes, three fresh namespaces, one cluster: each first block races the controller
      // that creates the ServiceAccount.
      const note = (n: number) =>
        [
          `\`\`\`yaml file=pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: first-${n}\nspec:\n  containers:\n  - name: main\n    image: busybox\n\`\`\``,
          block('run id=create needs=kind', 'kubectl create -f pod.yaml'),
          block('run id=tidy needs=kind cleanup', `kubectl delete pod first-${n} --wait=false`),
        ].join('\n\n');
      const project = await fixtureProject({ p1: note(1), p2: note(2), p3: note(3) });
      try {
        const run = await project.run('--update');
        assert.equal(run.code, 0, run.stderr);
        for (const n of [1, 2, 3]) assert.equal(JSON.parse(await project.recording(`p${n}`)).blocks.create.normalized, `pod/first-${n} created\n`);
      } finally {
        await project.dispose();
      }
    });

    it('credentials of a real cluster never reach the recording: kubeconfig as JSON and YAML, a token, a declared secret encoded', async () => {
      const project = await fixtureProject({
        c: [
          block('run id=json needs=kind', 'kubectl config view --raw -o json'),
          block('run id=yaml needs=kind', 'kubectl config view --raw'),
          block('run id=token needs=kind', 'kubectl create token default'),
          block('run id=declared secrets=F_TOKEN', 'echo "$F_TOKEN"; echo "$F_TOKEN" | base64; printf %s "$F_TOKEN" | xxd -p; echo "$F_TOKEN" | rev'),
        ].join('\n\n'),
      });
      try {
        // --keep: the test reads the cluster's real credentials afterwards to look for them.
        const run = await project.runWith({ env: { F_TOKEN: 'f-token-9c81d2e4b7a3' } }, '--update', '--keep');
        assert.equal(run.code, 0, run.stderr);
        const text = await project.recording('c');
        const kubeconfig = execFileSync('kind', ['get', 'kubeconfig', '--name', 'kubia-notes'], { encoding: 'utf8' });
        const keyData = /client-key-data: (\S+)/.exec(kubeconfig)?.[1] ?? '';
        assert.ok(keyData.length > 100, 'the cluster has a client key to leak');
        for (const leak of [keyData, /client-certificate-data: (\S+)/.exec(kubeconfig)?.[1] ?? 'x', /certificate-authority-data: (\S+)/.exec(kubeconfig)?.[1] ?? 'x']) {
          assert.ok(!text.includes(leak.slice(0, 40)), 'no kubeconfig credential in the recording');
        }
        assert.doesNotMatch(text, /eyJ[\w-]{10,}\.eyJ/, 'no JWT');
        assert.doesNotMatch(text, /BEGIN [A-Z ]*PRIVATE KEY/);
        for (const encoded of ['f-token-9c81d2e4b7a3', Buffer.from('f-token-9c81d2e4b7a3\n').toString('base64'), Buffer.from('f-token-9c81d2e4b7a3').toString('hex'), 'f-token-9c81d2e4b7a3'.split('').reverse().join('')]) {
          assert.ok(!text.includes(encoded), `the declared secret is masked (${encoded.slice(0, 6)}…)`);
          assert.ok(!run.stderr.includes(encoded), 'and not printed either');
        }
        const recording = JSON.parse(text);
        assert.match(recording.blocks.json.normalized, /"client-key-data": "⟨secret⟩"/, 'the JSON field stays, its value is masked');
        assert.match(recording.blocks.token.normalized, /^⟨secret⟩$/m);
      } finally {
        await project.dispose();
      }
    });

    it('reports what a note leaves outside its namespace (a namespace, a node label) and removes both', async () => {
      const manifest = '```yaml file=other.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: kn-other\ndata:\n  a: b\n```';
      const project = await fixtureProject({
        o: [
          block('run id=ns needs=kind', 'kubectl create namespace kn-other >/dev/null && echo created'),
          manifest,
          block('run id=apply needs=kind', 'kubectl apply -f other.yaml'),
          block('run id=label needs=kind', 'kubectl label node kubia-notes-control-plane kn-mark=yes >/dev/null && echo labelled'),
        ].join('\n\n'),
      });
      const inNode = (...args: string[]) => execFileSync('docker', ['exec', 'kubia-notes-control-plane', 'kubectl', '--kubeconfig', '/etc/kubernetes/admin.conf', ...args], { encoding: 'utf8' });
      try {
        const run = await project.run('--update', '--keep');
        assert.equal(run.code, 1, 'leftovers fail the run');
        assert.match(run.stderr, /left behind outside the note's namespace .*Namespace\/kn-other/);
        assert.match(run.stderr, /node kubia-notes-control-plane kn-mark=yes/);
        assert.doesNotMatch(run.stderr, /left behind outside[^\n]* taint node-role\.kubernetes\.io\//, 'the control-plane taint the runner removed is no note\'s leftover');
        assert.match(inNode('get', 'namespace', 'kn-other', '-o', 'jsonpath={.status.phase}', '--ignore-not-found'), /^(Terminating)?$/, 'the namespace is gone or going');
        assert.equal(inNode('get', 'node', 'kubia-notes-control-plane', '-o', 'jsonpath={.metadata.labels.kn-mark}'), '', 'the label is removed');
      } finally {
        await project.dispose();
      }
    });

    it('three nodes like the book\'s GKE cluster: all Ready, and pods on two nodes reach each other by pod IP with no NAT between them', async () => {
      // Two busybox web servers on two nodes: their CGI answers with the address the request came from.
      const cgi = 'mkdir -p /www/cgi-bin && printf "#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho from \\$REMOTE_ADDR\\n" > /www/cgi-bin/from && chmod +x /www/cgi-bin/from && exec httpd -f -p 8080 -h /www';
      const manifest = [
        '```yaml file=across.yaml',
        'apiVersion: v1',
        'kind: ReplicationController',
        'metadata: {name: across}',
        'spec:',
        '  replicas: 2',
        '  selector: {app: across}',
        '  template:',
        '    metadata: {labels: {app: across}}',
        '    spec:',
        '      topologySpreadConstraints:',
        '        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, nodeTaintsPolicy: Honor, labelSelector: {matchLabels: {app: across}}}',
        '      containers:',
        `        - {name: web, image: busybox, imagePullPolicy: IfNotPresent, command: [sh, -c, ${JSON.stringify(cgi)}]}`,
        '```',
      ].join('\n');
      const project = await fixtureProject({
        n: [
          block('run id=nodes needs=kind', "kubectl get nodes --no-headers | awk '{print $2}' | sort | uniq -c | awk '{print $1, $2}'"),
          manifest,
          block('run id=load needs=docker,kind timeout=120s', 'docker image inspect busybox > /dev/null 2>&1 || docker pull -q busybox > /dev/null\nkind load docker-image busybox --name "$KIND_CLUSTER" > /dev/null 2>&1'),
          block('run id=apply needs=kind', 'kubectl apply -f across.yaml'),
          block(
            // until=: a pod whose status has no IP yet (the kubelet reports it a moment after Ready) is asked again.
            "run id=across needs=kind retry=90s until=/saw.A.s.own.pod.IP/",
            [
              'kubectl wait --for=condition=Ready pod -l app=across --timeout=20s > /dev/null',
              'a=$(kubectl get pods -l app=across --sort-by=.spec.nodeName -o name | sed -n 1p)',
              'b=$(kubectl get pods -l app=across --sort-by=.spec.nodeName -o name | sed -n 2p)',
              "a_ip=$(kubectl get \"$a\" -o jsonpath='{.status.podIP}')",
              "b_ip=$(kubectl get \"$b\" -o jsonpath='{.status.podIP}')",
              'test -n "$a_ip" && test -n "$b_ip"',
              "echo \"nodes: $(kubectl get pods -l app=across -o jsonpath='{range .items[*]}{.spec.nodeName}{\"\\n\"}{end}' | sort -u | wc -l)\"",
              // busybox's static wget crashes here; nc speaks the one request needed.
              'seen=$(kubectl exec "$a" -- sh -c "printf \'GET /cgi-bin/from HTTP/1.0\\r\\n\\r\\n\' | nc -w 5 $b_ip 8080" | tail -n 1)',
              'if [ "$seen" = "from [::ffff:$a_ip]" ]; then echo "B saw A\'s own pod IP"; else echo "B saw \'$seen\', A is $a_ip"; fi',
            ].join('\n'),
          ),
          block('run id=tidy needs=kind cleanup', 'kubectl delete rc across --ignore-not-found --wait=false'),
        ].join('\n\n'),
      });
      try {
        const run = await project.run('--update');
        assert.equal(run.code, 0, run.stderr);
        const blocks = JSON.parse(await project.recording('n')).blocks;
        assert.equal(blocks.nodes.normalized, '3 Ready\n', 'one control plane and two workers, all Ready');
        assert.equal(blocks.across.normalized, "nodes: 2\nB saw A's own pod IP\n", 'the pod on the other node saw the caller\'s own pod IP');
      } finally {
        await project.dispose();
      }
    });

    it('every listed node runs pods, like the book\'s GKE workers: the book\'s kubia-gpu on the first node of `kubectl get nodes`, labelled gpu=true', async () => {
      // Chapter 3's kubia-gpu.yaml, as the book prints it; the reader labels whichever node `get nodes` lists first.
      const manifest = '```yaml file=kubia-gpu.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: kubia-gpu\nspec:\n  nodeSelector:\n    gpu: "true"\n  containers:\n  - image: luksa/kubia\n    name: kubia\n```';
      const project = await fixtureProject({
        g: [
          block('run id=label needs=kind', "node=$(kubectl get nodes -o jsonpath='{.items[0].metadata.name}')\nkubectl label node \"$node\" gpu=true > /dev/null\necho \"$node\""),
          manifest,
          block('run id=create needs=kind', 'kubectl create -f kubia-gpu.yaml'),
          block('run id=running needs=kind retry=120s until=/^Running/', "kubectl get pod kubia-gpu -o jsonpath='{.status.phase} on {.spec.nodeName}{\"\\n\"}'"),
          block('run id=tidy needs=kind cleanup', "kubectl delete pod kubia-gpu --ignore-not-found --wait=false\nkubectl label node \"$(kubectl get nodes -o jsonpath='{.items[0].metadata.name}')\" gpu- > /dev/null"),
        ].join('\n\n'),
      });
      try {
        const run = await project.run('--update');
        assert.equal(run.code, 0, run.stderr);
        const blocks = JSON.parse(await project.recording('g')).blocks;
        assert.equal(blocks.label.normalized, 'kubia-notes-control-plane\n', 'kind lists its control plane first');
        assert.equal(blocks.running.normalized, 'Running on kubia-notes-control-plane\n');
      } finally {
        await project.dispose();
      }
    });
  });
});
