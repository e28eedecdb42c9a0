// The one rule a block without prompts is read by: a command by its first word, output by its
// shape, and a line of neither shape a command. Real pasted kubectl and docker output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineKind } from '../../src/lib/blocks/line-kind.ts';

const KUBECTL_OUTPUT = `NAME          READY   STATUS    RESTARTS   AGE
kubia-53thy   1/1     Running   0          6m
pod/kubia-manual created
deployment.apps/kubia configured
service/kubia unchanged
replicationcontroller "kubia" deleted
pod/kubia-53thy
No resources found in default namespace.
Error from server (NotFound): pods "x" not found
You've hit kubia-53thy
apiVersion: v1
  name: kubia
  - containerPort: 8080
    "kind": "Pod",
10.244.1.5
Server:		10.96.0.10
Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local
kind-control-plane   Ready    control-plane   3m    v1.34.0
Kubernetes control plane is running at https://127.0.0.1:40123
kubia-manual
hello`;

const DOCKER_OUTPUT = `Unable to find image 'busybox:latest' locally
latest: Pulling from library/busybox
e7d92cdc71fe: Pull complete
Digest: sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74
Status: Downloaded newer image for busybox:latest
4f1a0b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8
CONTAINER ID   IMAGE     COMMAND         CREATED          STATUS          PORTS                    NAMES
44d76963e8e1   kubia     "node app.js"   6 minutes ago    Up 6 minutes    0.0.0.0:8080->8080/tcp   kubia-container
Step 1/3 : FROM node:7
 ---> d64d3505b0d2
-rw-r--r-- 1 root root 12 Dec  7 22:30 a.txt
Successfully tagged kubia:latest
<html><body>It works!</body></html>`;

describe('what a line of a block without prompts is', () => {
  it('pasted kubectl and docker output is output', () => {
    for (const line of [...KUBECTL_OUTPUT.split('\n'), ...DOCKER_OUTPUT.split('\n')]) assert.equal(lineKind(line), 'output', line);
  });

  it('commands by their first word: programs, builtins, keywords, assignments, paths, the note\'s names', () => {
    for (const line of ['kubectl get po -o wide', 'docker  run  -d busybox', 'sudo docker ps', 'KUBECONFIG=x kubectl get no', 'pod=$(kubectl get po -o name)', 'export NS=kubia', 'cd /tmp', 'for i in 1 2 3; do echo $i; done', '[[ -f a ]] && echo yes', '{ echo a; echo b; }', './run.sh', '/usr/bin/env true', '~/bin/kubectx']) {
      assert.equal(lineKind(line), 'command', line);
    }
    assert.equal(lineKind('kc get po', new Set(['kc'])), 'command');
    assert.equal(lineKind('kc  get  po'), 'output', 'without the alias, a line of wide columns is a table row');
  });

  it('a line of neither shape stays a command: a program the list lacks is never output', () => {
    assert.equal(lineKind('setsid sleep 1 &'), 'command', 'the safety tests detach with setsid');
    for (const line of ['unshare -r id', 'stern kubia --since 1m', 'istioctl version', 'kubens kube-system', 'hey -n 100 http://x']) assert.equal(lineKind(line), 'unknown', line);
  });
});
