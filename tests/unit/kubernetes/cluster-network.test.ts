import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { KIND_DEFAULT_POD_SUBNET, kindConfigNeeds } from '../../../scripts/lib/kubernetes/kind-config.ts';
import { CONFLIST_PATH, conflistFor, inCidr, misplacedPods, planRouteNetwork, type NodeAddress } from '../../../scripts/lib/kubernetes/route-network.ts';
import { pinnedEnvironment } from '../../../scripts/lib/core/pinned-environment.ts';

const three: NodeAddress[] = [
  { name: 'k-control-plane', podCIDR: '10.244.0.0/24', internalIP: '172.19.0.2' },
  { name: 'k-worker', podCIDR: '10.244.1.0/24', internalIP: '172.19.0.4' },
  { name: 'k-worker2', podCIDR: '10.244.2.0/24', internalIP: '172.19.0.3' },
];

describe('the route network: planned from the node list', () => {
  it('gives every node a route to each other node\'s pod range through that node, and none to itself', () => {
    const plans = planRouteNetwork(three, '10.244.0.0/16');
    assert.deepEqual(plans.map((p) => [p.node, p.routes]), [
      ['k-control-plane', [{ cidr: '10.244.1.0/24', via: '172.19.0.4' }, { cidr: '10.244.2.0/24', via: '172.19.0.3' }]],
      ['k-worker', [{ cidr: '10.244.0.0/24', via: '172.19.0.2' }, { cidr: '10.244.2.0/24', via: '172.19.0.3' }]],
      ['k-worker2', [{ cidr: '10.244.0.0/24', via: '172.19.0.2' }, { cidr: '10.244.1.0/24', via: '172.19.0.4' }]],
    ]);
  });

  it('works for any number of nodes: one node needs no route, five nodes four each', () => {
    assert.deepEqual(planRouteNetwork(three.slice(0, 1), '10.244.0.0/16')[0]?.routes, []);
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `n${i}`, podCIDR: `10.244.${i}.0/24`, internalIP: `172.19.0.${i + 2}` }));
    assert.deepEqual(planRouteNetwork(five, '10.244.0.0/16').map((p) => p.routes.length), [4, 4, 4, 4, 4]);
  });

  it('writes each node a ptp + host-local config on its own range, without ptp\'s masquerade', () => {
    const plan = planRouteNetwork(three, '10.244.0.0/16')[1];
    const conflist = JSON.parse(plan?.conflist ?? '{}');
    assert.deepEqual(conflist.plugins.map((p: { type: string }) => p.type), ['ptp', 'portmap']);
    assert.equal(conflist.plugins[0].ipMasq, false, 'ptp would masquerade traffic to the other nodes\' pods');
    assert.deepEqual(conflist.plugins[0].ipam.ranges, [[{ subnet: '10.244.1.0/24' }]]);
    assert.equal(plan?.conflist, conflistFor('10.244.1.0/24'));
  });

  it('the node script writes the config atomically, adds the routes and masquerades only traffic leaving the pod network, idempotently', () => {
    const script = planRouteNetwork(three, '10.244.0.0/16')[2]?.script ?? '';
    assert.match(script, new RegExp(`> ${CONFLIST_PATH}\\.tmp\\nmv ${CONFLIST_PATH}\\.tmp ${CONFLIST_PATH}\\n`));
    assert.match(script, /^ip route replace 10\.244\.0\.0\/24 via 172\.19\.0\.2$/m);
    assert.match(script, /^ip route replace 10\.244\.1\.0\/24 via 172\.19\.0\.4$/m);
    assert.doesNotMatch(script, /10\.244\.2\.0\/24 via/);
    assert.match(script, /iptables -t nat -C POSTROUTING -s 10\.244\.2\.0\/24 ! -d 10\.244\.0\.0\/16 .*-j MASQUERADE 2>\/dev\/null \|\| iptables -t nat -A POSTROUTING -s 10\.244\.2\.0\/24 ! -d 10\.244\.0\.0\/16 /);
    assert.ok(!/'/.test(JSON.stringify(conflistFor('10.244.2.0/24'))), 'the config fits in single quotes');
  });

  it('refuses node lists that cannot make a flat network', () => {
    assert.throws(() => planRouteNetwork([], '10.244.0.0/16'), /no nodes/);
    assert.throws(() => planRouteNetwork([{ ...three[0]!, podCIDR: '' }], '10.244.0.0/16'), /k-control-plane has no IPv4 pod range/);
    assert.throws(() => planRouteNetwork([{ ...three[0]!, podCIDR: '10.245.0.0/24' }], '10.244.0.0/16'), /outside the cluster's pod network/);
    assert.throws(() => planRouteNetwork([three[0]!, { ...three[1]!, podCIDR: '10.244.0.0/24' }], '10.244.0.0/16'), /share the pod range 10\.244\.0\.0\/24/);
    assert.throws(() => planRouteNetwork([{ ...three[0]!, internalIP: 'fc00::2' }], '10.244.0.0/16'), /no IPv4 InternalIP/);
    assert.throws(() => planRouteNetwork(three, 'ten'), /not an IPv4 CIDR/);
  });

  it('finds pods whose address is outside their node\'s range (started on the image\'s one-node default)', () => {
    const plans = planRouteNetwork(three, '10.244.0.0/16');
    const pods = [
      { namespace: 'kube-system', name: 'coredns-a', node: 'k-control-plane', podIP: '10.244.0.3' },
      { namespace: 'kube-system', name: 'coredns-b', node: 'k-worker', podIP: '10.244.0.2' },
      { namespace: 'kube-system', name: 'kube-proxy-x', node: 'k-worker', podIP: '172.19.0.4', hostNetwork: true },
      { namespace: 'n', name: 'pending', podIP: '10.244.9.9' },
      { namespace: 'n', name: 'no-ip-yet', node: 'k-worker2' },
    ];
    assert.deepEqual(misplacedPods(pods, plans).map((p) => p.name), ['coredns-b']);
    assert.ok(inCidr('10.244.1.7', '10.244.1.0/24') && !inCidr('10.244.2.7', '10.244.1.0/24') && inCidr('1.2.3.4', '0.0.0.0/0'));
  });
});

describe('kind configs: what they ask of verify-notes', () => {
  it('disableDefaultCNI asks for the route network on the config\'s pod subnet (kind\'s default when unset)', () => {
    assert.deepEqual(kindConfigNeeds('kind: Cluster\nnetworking: {disableDefaultCNI: true}\n'), { nodes: 1, routeNetwork: { podSubnet: KIND_DEFAULT_POD_SUBNET }, bookMirror: false });
    assert.deepEqual(kindConfigNeeds('kind: Cluster\nnetworking: {disableDefaultCNI: true, podSubnet: 10.9.0.0/16}\nnodes: [{role: control-plane}, {role: worker}]\n'), { nodes: 2, routeNetwork: { podSubnet: '10.9.0.0/16' }, bookMirror: false });
    assert.equal(kindConfigNeeds('kind: Cluster\n').routeNetwork, undefined);
    assert.throws(() => kindConfigNeeds('kind: Pod\n'), /not a kind cluster config/);
  });

  it('a docker.io mirror at the book-image mirror asks for that mirror; another mirror does not', () => {
    const patch = (endpoint: string) => `kind: Cluster\ncontainerdConfigPatches:\n  - |-\n    [plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\n      endpoint = ["${endpoint}"]\n`;
    assert.equal(kindConfigNeeds(patch('http://kubia-notes-mirror:5000')).bookMirror, true);
    assert.equal(kindConfigNeeds(patch('http://elsewhere:5000')).bookMirror, false);
  });

  it('the stock and the offline config: three nodes on the pinned image, one labelled first worker; offline adds the network and the mirror', () => {
    const pinned = pinnedEnvironment();
    for (const [file, image] of [['scripts/kind/cluster.yaml', pinned.nodeImage], ['scripts/airgap/kind/kind-config.yaml', `kubia-notes/kind-node:${pinned.kubernetes}`]] as const) {
      const text = readFileSync(file, 'utf8');
      const nodes = (parse(text) as { nodes: Array<{ role: string; image: string; labels?: Record<string, string> }> }).nodes;
      assert.deepEqual(nodes.map((n) => n.role), ['control-plane', 'worker', 'worker'], file);
      assert.ok(nodes.every((n) => n.image === image), `${file}: every node on ${image}`);
      assert.deepEqual(nodes.map((n) => n.labels?.['kubia-notes/first-worker']), [undefined, 'true', undefined], file);
    }
    assert.deepEqual(kindConfigNeeds(readFileSync('scripts/kind/cluster.yaml', 'utf8')), { nodes: 3, bookMirror: false });
    assert.deepEqual(kindConfigNeeds(readFileSync('scripts/airgap/kind/kind-config.yaml', 'utf8')), { nodes: 3, routeNetwork: { podSubnet: '10.244.0.0/16' }, bookMirror: true });
    assert.equal(kindConfigNeeds(readFileSync('scripts/kind/latest.yaml', 'utf8')).nodes, 3, '--env latest runs on the same shape');
  });
});
