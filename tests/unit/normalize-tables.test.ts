import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputsMatch } from '../../src/lib/compare.ts';
import { normalizeTranscript } from '../../src/lib/normalize/index.ts';
import { readTables } from '../../src/lib/normalize/table.ts';

const normalized = (text: string, extra: string[] = []) => normalizeTranscript(text, extra).text;
const lines = (...rows: string[]) => `${rows.join('\n')}\n`;
/** Rows laid out as kubectl and docker print them (Go's tabwriter): each column as wide as its widest cell, then three spaces. */
const table = (...rows: string[][]) => {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return lines(...rows.map((r) => r.map((cell, i) => cell.padEnd((widths[i] as number) + 3)).join('').trimEnd()));
};
/** The comparison form's line that starts with `start`. */
const lineOf = (text: string, start: string) => text.split('\n').find((l) => l.startsWith(start));

// `kubectl get ns; kubectl get po -n kube-system` in one block (kind, Kubernetes 1.34).
const namespaces = (age: string) => table(['NAME', 'STATUS', 'AGE'], ...['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage'].map((ns) => [ns, 'Active', age]));
const systemPods = (age: string) =>
  table(
    ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    ...['coredns-66bc5c9577-7xw2k', 'etcd-kubia-notes-control-plane', 'kube-apiserver-kubia-notes-control-plane', 'kube-proxy-8jzqf'].map((pod) => [pod, '1/1', 'Running', '0', age]),
  );

describe('kubectl tables read by their header', () => {
  it('a blank label column (-L) is an empty cell: the row still has AGE masked', () => {
    const pods = (ages: [string, string, string], env = 'prod') =>
      table(
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'CREATION_METHOD', 'ENV'],
        ['kubia-5k788', '1/1', 'Running', '0', ages[0], '', ''],
        ['kubia-manual', '1/1', 'Running', '0', ages[1], 'manual', ''],
        ['kubia-manual-v2', '1/1', 'Running', '0', ages[2], 'manual', env],
      );
    const form = normalized(pods(['20m', '15m', '5s']));
    assert.doesNotMatch(form, /20m|15m|5s\b/);
    assert.match(lineOf(form, 'kubia-manual ') ?? '', /⟨age⟩ +manual$/);
    assert.match(lineOf(form, 'kubia-manual-v2') ?? '', /⟨age⟩ +manual +prod$/);
    assert.equal(form, normalized(pods(['3h', '2h55m', '2h40m'])));
    assert.notEqual(form, normalized(pods(['20m', '15m', '5s'], 'dev')), 'the label values still count');
  });

  it('kubectl get nodes -L gpu: the node list is compared, AGE and a blank GPU cell are not', () => {
    const nodes = (age: string, status = 'Ready') =>
      table(
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'GPU'],
        ['kubia-notes-control-plane', 'Ready', 'control-plane', age, 'v1.34.11', ''],
        ['kubia-notes-worker', status, '<none>', age, 'v1.34.11', 'true'],
        ['kubia-notes-worker2', 'Ready', '<none>', age, 'v1.34.11', ''],
      );
    const form = normalized(nodes('12m', 'Ready,SchedulingDisabled'));
    assert.match(form, /^kubia-notes-control-plane +Ready +control-plane +⟨age⟩ +v1\.34\.11$/m);
    assert.match(form, /^kubia-notes-worker +Ready,SchedulingDisabled +<none> +⟨age⟩ +v1\.34\.11 +true$/m, 'a cell with a comma stays whole, and the node names stay');
    assert.equal(form, normalized(nodes('3d4h', 'Ready,SchedulingDisabled')));
    assert.notEqual(form, normalized(nodes('12m')), 'a node that is no longer cordoned is a change');
  });

  it('RESTARTS that reads "2 (3m ago)" is masked whole, and a wider cell moves nothing', () => {
    const pod = (restarts: string, age: string) => table(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['kubia-x7k2p', '1/1', 'Running', restarts, age]);
    assert.equal(normalized(pod('2 (3m ago)', '10m')), normalized(pod('0', '42s')));
    assert.equal(lineOf(normalized(pod('2 (3m ago)', '10m')), 'kubia'), 'kubia-⟨hash-1⟩   1/1     Running   ⟨restarts⟩   ⟨age⟩');
  });

  it('DURATION of a Job is volatile like AGE, COMPLETIONS is not', () => {
    const job = (completions: string, duration: string, age: string) => table(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], ['batch-job', 'Complete', completions, duration, age]);
    assert.equal(normalized(job('1/1', '2m3s', '3m')), normalized(job('1/1', '1m58s', '2m')));
    assert.notEqual(normalized(job('1/1', '2m3s', '3m')), normalized(job('0/1', '2m3s', '3m')));
  });

  it('two tables back to back are read each by its own header', () => {
    const block = (age: string) => namespaces(age) + systemPods(age);
    const form = normalized(block('2m40s'));
    assert.doesNotMatch(form, /2m40s/, 'the second table has its AGE masked too');
    assert.equal(form, normalized(block('4m40s')));
    assert.match(form, /^NAME +READY +STATUS +RESTARTS +AGE$/m, 'the second header stays a header');
  });

  it('three tables, apart by blank lines and by other text', () => {
    const block = (age: string) => `${namespaces(age)}\n${systemPods(age)}---\n${table(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], ['kubia', '3', '3', '3', age])}`;
    assert.equal(normalized(block('1s')), normalized(block('5d12h')));
    assert.match(normalized(block('1s')), /\n---\n/);
  });

  it('kubectl get all: several tables, names with their kind', () => {
    const all = (age: string, podAge: string) =>
      [
        table(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['pod/kubia-x7k2p', '1/1', 'Running', '0', podAge], ['pod/kubia-b9m4d', '1/1', 'Running', '0', age]),
        table(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], ['replicationcontroller/kubia', '2', '2', '2', age]),
        table(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], ['service/kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', age]),
      ].join('\n');
    const form = normalized(all('5m', '30s'));
    assert.equal(form.match(/⟨age⟩/g)?.length, 4);
    assert.equal(form, normalized(all('1h', '12m')));
  });

  it('rows kubectl get -w prints apart from the table (their own widths) are still its rows', () => {
    const watch = lines('NAME          READY   STATUS    RESTARTS   AGE', 'kubia-x7k2p   0/1     Pending   0          0s', 'kubia-x7k2p   0/1   ContainerCreating   0     0s', 'kubia-x7k2p   1/1   Running   0     2s');
    assert.equal(normalized(watch).match(/⟨age⟩/g)?.length, 3);
  });

  it('kubectl get events: a header that starts with its volatile column (LAST SEEN)', () => {
    const events = (first: string, second: string) =>
      table(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], [first, 'Normal', 'Scheduled', 'pod/kubia-x7k2p', 'Successfully assigned kubia-notes-week-02/kubia-x7k2p to kubia-notes-worker'], [second, 'Normal', 'SuccessfulCreate', 'replicationcontroller/kubia', 'Created pod: kubia-x7k2p']);
    assert.doesNotMatch(normalized(events('2m10s', '2m9s')), /2m10s|2m9s/);
    assert.equal(normalized(events('2m10s', '2m9s')), normalized(events('5s', '5s')));
  });

  it('a describe table under a rule (Non-terminated Pods) is laid out with its rule, in its order', () => {
    const pods = (age: string) =>
      lines(
        'Non-terminated Pods:          (2 in total)',
        '  Namespace                   Name                   CPU Requests  CPU Limits  Age',
        '  ---------                   ----                   ------------  ----------  ---',
        `  kube-system                 kube-proxy-8jzqf       0 (0%)        0 (0%)      ${age}`,
        `  kubia-notes-week-02         kubia-9vzw7            0 (0%)        0 (0%)      ${age}`,
      );
    const form = normalized(pods('12m'));
    assert.match(form, /^ {2}-+ +-+ +-+ +-+ +-+$/m);
    assert.match(form, /kube-proxy[^]*\n.*kubia-⟨hash-2⟩/);
    assert.match(form, /0 \(0%\) +0 \(0%\) +⟨age⟩/, 'cells with single spaces stay whole');
    assert.equal(form, normalized(pods('3d4h')));
  });

  it('the Events table of kubectl describe keeps its order and its rule', () => {
    const events = (first: string, second: string) => lines('Events:', '  Type    Reason     Age   From               Message', '  ----    ------     ----  ----               -------', `  Normal  Scheduled  ${first}   default-scheduler  Successfully assigned`, `  Normal  Pulled     ${second}    kubelet            Container image "kubia:v1" already present on machine`);
    const form = normalized(events('10s', '9s'));
    assert.match(form, /Scheduled.*\n.*Pulled/, 'what happened first stays first');
    assert.equal(form, normalized(events('3m', '3m')));
  });
});

describe('rows compared in an order that does not depend on masked values', () => {
  // Two runs of `kubectl get po`: kubectl sorts by name, and the random suffixes sort the
  // one pod that is not ready first in one run and last in the other.
  const run = (names: [string, string, string], ready: 0 | 1 | 2) =>
    table(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ...names.map((name, i) => (i === ready ? [name, '0/1', 'ContainerCreating', '0', '2s'] : [name, '1/1', 'Running', '0', `${40 + i}s`])));

  it('two runs whose random names sort differently compare equal, header first, numbers stable', () => {
    const a = normalized(run(['kubia-2hmlj', 'kubia-9vzw7', 'kubia-xgswf'], 0));
    const b = normalized(run(['kubia-b4tq8', 'kubia-q7rzd', 'kubia-zs6nw'], 2));
    assert.equal(a, b);
    assert.ok(a.startsWith('NAME '), 'the header stays first');
    assert.deepEqual(a.match(/⟨hash-\d⟩/g), ['⟨hash-1⟩', '⟨hash-2⟩', '⟨hash-3⟩'], 'numbered in the order the comparison form lists them');
  });

  it('a real change in one row is still a change', () => {
    assert.notEqual(normalized(run(['kubia-2hmlj', 'kubia-9vzw7', 'kubia-xgswf'], 0)), normalized(table(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ...['kubia-2hmlj', 'kubia-9vzw7', 'kubia-xgswf'].map((name) => [name, '1/1', 'Running', '0', '2s']))));
  });

  it('a name printed again below the table keeps the number the sorted table gave it', () => {
    const a = `${run(['kubia-2hmlj', 'kubia-9vzw7', 'kubia-xgswf'], 0)}pod/kubia-2hmlj deleted\n`;
    const b = `${run(['kubia-b4tq8', 'kubia-q7rzd', 'kubia-zs6nw'], 2)}pod/kubia-zs6nw deleted\n`;
    assert.equal(normalized(a), normalized(b), 'the deleted pod is the one not ready in both runs');
  });
});

describe('the node the scheduler picked', () => {
  const wide = (rows: Array<[name: string, ip: string, node: string]>) =>
    table(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'], ...rows.map(([name, ip, node]) => [name, '1/1', 'Running', '0', '7s', ip, node, '<none>', '<none>']));

  it('the same spread on other workers compares equal; the real names stay in the transcript', () => {
    const a = wide([
      ['kubia-9vzw7', '10.244.1.2', 'kubia-notes-worker'],
      ['kubia-xgswf', '10.244.1.3', 'kubia-notes-worker'],
      ['kubia-2hmlj', '10.244.2.4', 'kubia-notes-worker2'],
    ]);
    const b = wide([
      ['kubia-q7rzd', '10.244.1.5', 'kubia-notes-worker'],
      ['kubia-b4tq8', '10.244.2.2', 'kubia-notes-worker2'],
      ['kubia-zs6nw', '10.244.2.3', 'kubia-notes-worker2'],
    ]);
    // As verify compares: node names are as wide as they are, and padding is not compared.
    assert.ok(outputsMatch(normalized(a), normalized(b)), `${normalized(a)}\n${normalized(b)}`);
    assert.match(normalized(a), /⟨node-1⟩ +<none>[^]*⟨node-1⟩ +<none>[^]*⟨node-2⟩ +<none>/);
    const spans = normalizeTranscript(a, []).spans.filter((s) => s.name === 'node');
    assert.deepEqual(
      spans.map((s) => [a.slice(s.start, s.end), s.number]),
      [
        ['kubia-notes-worker', 1],
        ['kubia-notes-worker', 1],
        ['kubia-notes-worker2', 2],
      ],
    );
  });

  it('pods now on one node instead of two is a change', () => {
    const spread = wide([
      ['kubia-9vzw7', '10.244.1.2', 'kubia-notes-worker'],
      ['kubia-2hmlj', '10.244.2.4', 'kubia-notes-worker2'],
    ]);
    const together = wide([
      ['kubia-9vzw7', '10.244.1.2', 'kubia-notes-worker'],
      ['kubia-2hmlj', '10.244.1.4', 'kubia-notes-worker'],
    ]);
    assert.ok(!outputsMatch(normalized(spread), normalized(together)));
  });

  it('a pending pod (<none>) is not a node', () => {
    assert.match(normalized(wide([['kubia-9vzw7', '<none>', '<none>']])), /<none> +<none> +<none> +<none>/);
  });

  it('nodeName in YAML and JSON and describe’s Node: share the numbers of one output', () => {
    const output = lines('spec:', '  nodeName: kubia-notes-worker2', '---', '{"spec": {"nodeName": "kubia-notes-worker"}}', 'Node:             kubia-notes-worker2/172.19.0.4');
    assert.equal(normalized(output), lines('spec:', '  nodeName: ⟨node-1⟩', '---', '{"spec": {"nodeName": "⟨node-2⟩"}}', 'Node:             ⟨node-1⟩/⟨ip-1⟩'));
  });

  it('kubectl get nodes keeps its NAME column: the node list is the cluster, not a pick', () => {
    const nodes = lines('NAME                        STATUS   ROLES           AGE   VERSION', 'kubia-notes-control-plane   Ready    control-plane   38s   v1.34.11', 'kubia-notes-worker          Ready    <none>          24s   v1.34.11');
    assert.match(normalized(nodes), /^kubia-notes-worker +Ready/m);
  });
});

describe('docker tables through the same reader', () => {
  it('cells with single spaces stay whole and a blank PORTS cell is blank', () => {
    const ps = [
      'CONTAINER ID   IMAGE      COMMAND                  CREATED              STATUS              PORTS                      NAMES',
      'a10b554ab83d   kubia      "node app.js"            About a minute ago   Up About a minute   127.0.0.1:8080->8080/tcp   kubia-container',
      '4e1d2c3b4a5f   busybox    "sleep 3600"             2 minutes ago        Up 2 minutes                                   sleeper',
    ];
    const [table] = readTables(ps, (title) => title === 'CONTAINER ID');
    assert.deepEqual(
      table?.rows.map((r) => r.cells.map((c) => c.text)),
      [
        ['a10b554ab83d', 'kubia', '"node app.js"', 'About a minute ago', 'Up About a minute', '127.0.0.1:8080->8080/tcp', 'kubia-container'],
        ['4e1d2c3b4a5f', 'busybox', '"sleep 3600"', '2 minutes ago', 'Up 2 minutes', '', 'sleeper'],
      ],
    );
  });

  it('a docker table after a kubectl table ends it and is left to the docker normalisers', () => {
    const block = `${lines('NAME    DESIRED   CURRENT   READY   AGE', 'kubia   1         1         1       1s')}${lines('CONTAINER ID   IMAGE     COMMAND         CREATED         STATUS         PORTS     NAMES', 'a10b554ab83d   kubia     "node app.js"   5 seconds ago   Up 4 seconds             kubia-container')}`;
    assert.equal(lineOf(normalized(block), '⟨id-1⟩'), '⟨id-1⟩   kubia     "node app.js"   ⟨ago⟩   Up ⟨duration⟩             kubia-container');
  });
});
