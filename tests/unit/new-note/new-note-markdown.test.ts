// new-note's reading of a Markdown note as its author wrote it: names copied from the author's
// own listing get a lookup of today's object, links to files the note writes stay as text,
// questions become <Question>s, and a listing waits for the state its author pasted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CopiedNames } from '../../../scripts/lib/new-note/copied-names.ts';
import { fileLinksAsText } from '../../../scripts/lib/new-note/from-markdown.ts';
import { questionOf } from '../../../scripts/lib/new-note/question.ts';
import { REACH_RETRY, reachMeta, SETTLE_RETRY, settleMeta } from '../../../scripts/lib/new-note/settle.ts';
import { parseTranscript } from '../../../src/lib/blocks/transcript.ts';

const listing = ['$ k get pods', 'NAME          READY   STATUS    RESTARTS   AGE', 'kubia-53thy   1/1     Running   0          2m', 'kubia-manual  1/1     Running   0          9m'].join('\n');
const lookup = "$(kubectl get pods -o name | cut -d/ -f2 | grep -m1 '^kubia-')";

describe('names copied from the author\'s own output', () => {
  it('are replaced by a lookup from the same listing, in later commands and later blocks, pasted lines kept', () => {
    const names = new CopiedNames([], { k: 'kubectl' });
    assert.deepEqual(names.rewrite(listing).replaced, []);
    const { text, replaced } = names.rewrite('$ k logs kubia-53thy\nKubia server starting...\n$ k delete po kubia-53thy\npod "kubia-53thy" deleted');
    assert.equal(text, `$ k logs ${lookup}\nKubia server starting...\n$ k delete po ${lookup}\npod "kubia-53thy" deleted`);
    assert.deepEqual(replaced.map((r) => [r.name, r.line]), [['kubia-53thy', 1], ['kubia-53thy', 3]]);
  });

  it('leave a name the note writes itself, one never listed, and a listing that is no `get`', () => {
    const names = new CopiedNames(['metadata:\n  name: kubia-q3vkg\n'], {});
    names.rewrite('$ kubectl get po\nkubia-q3vkg   1/1   Running   0   2m\n$ kubectl describe rc kubia\nPod:  kubia-x7k2p');
    const { replaced } = names.rewrite('$ kubectl logs kubia-q3vkg\n$ kubectl logs kubia-x7k2p\n$ kubectl logs kubia-zzzzz');
    assert.deepEqual(replaced, []);
  });

  it('take the kind of objects the listing showed, and a ReplicaSet pod\'s hash', () => {
    const names = new CopiedNames([], {});
    names.rewrite('$ kubectl get rs\nNAME               DESIRED\nkubia-7b9f4c8d5   3\n$ kubectl get po -o name\npod/kubia-7b9f4c8d5-xk2lp');
    const { text } = names.rewrite('$ kubectl logs kubia-7b9f4c8d5-xk2lp');
    assert.equal(text, "$ kubectl logs $(kubectl get po -o name | cut -d/ -f2 | grep -m1 '^kubia-')");
  });
});

describe('a Markdown note\'s prose', () => {
  it('keeps a link to a file the note writes as its text, other links as they are', () => {
    const files = new Map([['kubia-rc.yaml', 'kind: ReplicationController']]);
    assert.equal(fileLinksAsText('매니페스트는 [kubia-rc.yaml](./kubia-rc.yaml) 그대로', files), '매니페스트는 `kubia-rc.yaml` 그대로');
    assert.equal(fileLinksAsText('[책](https://x.test/a.yaml), ![그림](kubia-rc.yaml)', files), '[책](https://x.test/a.yaml), ![그림](kubia-rc.yaml)');
  });

  it('reads a question with or without a page, never a query in a link or a heading', () => {
    assert.deepEqual(questionOf('**질문**: RC만 지우고 파드는 남기려면? p 103'), { page: 103 });
    assert.deepEqual(questionOf('왜 두 번 뜨지?'), {});
    assert.equal(questionOf('[문서](https://kubernetes.io/search?q=rc) 참고'), undefined);
    assert.equal(questionOf('## 왜 파드인가?'), undefined);
  });
});

describe('a listing waits for the state its author pasted', () => {
  const transcript = (code: string) => parseTranscript(code, 0);
  it('derives retry/until from settled rows, counting repeats', () => {
    const meta = settleMeta(transcript(listing.split('\n').slice(0, 3).join('\n') + '\nkubia-k0xz6   1/1     Running   0          2m'), { k: 'kubectl' });
    assert.equal(meta, ` retry=${SETTLE_RETRY} until=/(?=(?:[\\s\\S]*?^\\S+\\s+1\\/1\\s+Running\\s){2})/`);
    const until = new RegExp(/until=\/(.*)\/$/.exec(meta)?.[1] as string, 'm');
    assert.ok(until.test('NAME  READY  STATUS\nkubia-a  1/1  Running  0  1s\nkubia-b  1/1  Running  0  1s\n'));
    assert.ok(!until.test('NAME  READY  STATUS\nkubia-a  1/1  Running  0  1s\nkubia-b  0/1  ContainerCreating  0  1s\n'));
    assert.match(settleMeta(transcript('$ kubectl get rc\nNAME    DESIRED   CURRENT   READY   AGE\nkubia   3         3         3       3m'), {}), /until=\/\(\?=\[\\s\\S\]\*\^\\S\+\\s\+3\\s\+3\\s\+3\\s\)\//);
  });

  it('adds nothing for a state on its way, a command that changes things, or a listing without states', () => {
    assert.equal(settleMeta(transcript('$ kubectl get po\nNAME   READY   STATUS\nkubia-x   0/1   ContainerCreating'), {}), '');
    assert.equal(settleMeta(transcript('$ kubectl get po\nNAME   READY   STATUS\nkubia-x   1/1   Terminating'), {}), '');
    assert.equal(settleMeta(transcript('$ kubectl delete po x\npod "x" deleted'), {}), '');
    assert.equal(settleMeta(transcript('$ kubectl get po -w\nNAME   READY   STATUS\nkubia-x   1/1   Running'), {}), '');
    assert.equal(settleMeta(transcript('$ kubectl get svc\nNAME   TYPE   CLUSTER-IP\nkubia   ClusterIP   10.0.0.1'), {}), '');
  });
});

describe('names copied into a block of bare commands', () => {
  it('are replaced on their line too', () => {
    const names = new CopiedNames([], { k: 'kubectl' });
    names.rewrite(listing);
    assert.equal(names.rewrite('k label pod kubia-53thy type=special\nk get pods -L type').text, `k label pod ${lookup} type=special\nk get pods -L type`);
  });
});

describe('node names copied from the author\'s cluster', () => {
  it('become today\'s node in the same row of the listing', () => {
    const names = new CopiedNames([], {});
    names.rewrite('$ kubectl get nodes\nNAME                                   STATUS   ROLES    AGE\ngke-kubia-default-pool-b46381f1-opc5   Ready    <none>   1h\ngke-kubia-default-pool-b46381f1-xwko   Ready    <none>   1h');
    assert.equal(names.rewrite('$ kubectl label node gke-kubia-default-pool-b46381f1-xwko gpu=true').text, '$ kubectl label node $(kubectl get nodes -o name | cut -d/ -f2 | sed -n 2p) gpu=true');
  });
});

describe('addresses copied from the author\'s own listing', () => {
  const services = ['$ kubectl get svc', 'NAME         TYPE           CLUSTER-IP       EXTERNAL-IP      PORT(S)        AGE', 'kubia        ClusterIP      10.111.249.153   <none>           80/TCP         6m', 'kubia-lb     LoadBalancer   10.111.241.153   130.211.53.173   80:32143/TCP   1m'].join('\n');

  it('a cluster IP and an external IP become lookups of the same cell today, inside a URL too; a longer address is not touched', () => {
    const names = new CopiedNames([], {});
    names.rewrite(services);
    const { text, replaced } = names.rewrite('$ kubectl exec kubia-x -- curl -s http://10.111.249.153\n$ curl 130.211.53.173:80/path\n$ curl http://10.111.249.1530');
    assert.equal(
      text,
      [
        "$ kubectl exec kubia-x -- curl -s http://$(kubectl get svc kubia -o jsonpath='{.spec.clusterIP}')",
        "$ curl $(kubectl get svc kubia-lb -o jsonpath='{.status.loadBalancer.ingress[0].ip}'):80/path",
        '$ curl http://10.111.249.1530',
      ].join('\n'),
    );
    assert.deepEqual(replaced.map((r) => [r.what, r.name, r.line]), [['address', '10.111.249.153', 1], ['address', '130.211.53.173', 2]]);
  });

  it('a pod IP of `-o wide` (headers with a space in them) is looked up through the pod\'s own lookup; a node\'s by its row', () => {
    const names = new CopiedNames([], {});
    names.rewrite(['$ kubectl get po -o wide', 'NAME          READY   STATUS    RESTARTS      AGE   IP           NODE     NOMINATED NODE   READINESS GATES', 'kubia-53thy   1/1     Running   1 (5m ago)    9m    10.244.1.7   gke-n1   <none>           <none>'].join('\n'));
    names.rewrite(['$ kubectl get nodes -o wide', 'NAME     STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP', 'gke-n1   Ready    <none>   1d    v1.34     10.128.0.2    35.1.2.3', 'gke-n2   Ready    <none>   1d    v1.34     10.128.0.3    35.1.2.4'].join('\n'));
    const { text } = names.rewrite('$ curl 10.244.1.7:8080\n$ curl 10.128.0.3:30123');
    assert.equal(
      text,
      `$ curl $(kubectl get pod $(kubectl get po -o name | cut -d/ -f2 | grep -m1 '^kubia-') -o jsonpath='{.status.podIP}'):8080\n` +
        `$ curl $(kubectl get nodes -o jsonpath='{.items[1].status.addresses[?(@.type=="InternalIP")].address}'):30123`,
    );
  });

  it('keeps an address the note writes itself, one inside single quotes, and one never listed', () => {
    const names = new CopiedNames(['subsets:\n- addresses:\n  - ip: 10.111.249.153\n'], {});
    names.rewrite(services);
    const { replaced } = names.rewrite("$ curl http://10.111.249.153\n$ sh -c 'curl 130.211.53.173'\n$ curl 10.0.0.9");
    assert.deepEqual(replaced, []);
  });
});

describe('a block that reaches a server', () => {
  it('gets retry= when a command reaches over the network, itself or inside kubectl exec; nothing else does', () => {
    assert.equal(reachMeta('kubectl exec kubia-x -- curl -s http://kubia', {}), ` retry=${REACH_RETRY}`);
    assert.equal(reachMeta("kubectl exec dnsutils -- nslookup kubia-headless\nkubectl get po", {}), ` retry=${REACH_RETRY}`);
    assert.equal(reachMeta("kubectl exec kubia-x -- sh -c 'wget -qO- kubia'", {}), ` retry=${REACH_RETRY}`);
    assert.equal(reachMeta('kubectl get po curl-pod\nkubectl logs curly', {}), '');
    assert.equal(reachMeta('kubectl get pod exec -- curl', {}), '', 'only the exec subcommand runs what follows --');
    assert.equal(reachMeta('kubectl -n web exec kubia-x -- curl -s http://kubia', {}), ` retry=${REACH_RETRY}`);
    assert.equal(reachMeta('echo "use curl later" > notes.txt', {}), '');
    assert.equal(reachMeta('k exec kubia-x -- curl -s http://kubia', { k: 'kubectl' }), ` retry=${REACH_RETRY}`);
  });
});
