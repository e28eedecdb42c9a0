import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { addressPoolOf } from '../../../scripts/lib/kubernetes/parts/address-pool.ts';
import { manifestImages, METALLB_MANIFEST, poolManifest } from '../../../scripts/lib/kubernetes/parts/load-balancer.ts';
import { pinnedEnvironment } from '../../../scripts/lib/core/pinned-environment.ts';

describe('the load balancer\'s addresses: a range of kind\'s Docker network', () => {
  it('takes .200–.250 of the last /24 of an IPv4 /16', () => {
    assert.deepEqual(addressPoolOf(['172.18.0.0/16']), { subnet: '172.18.0.0/16', first: '172.18.255.200', last: '172.18.255.250' });
  });
  it('follows the subnet Docker chose, whatever its size and however it is written', () => {
    assert.deepEqual(addressPoolOf(['192.168.16.0/20']), { subnet: '192.168.16.0/20', first: '192.168.31.200', last: '192.168.31.250' });
    assert.deepEqual(addressPoolOf(['10.89.3.0/24']), { subnet: '10.89.3.0/24', first: '10.89.3.200', last: '10.89.3.250' });
    assert.deepEqual(addressPoolOf(['172.19.5.7/16']), { subnet: '172.19.0.0/16', first: '172.19.255.200', last: '172.19.255.250' });
  });
  it('skips IPv6 subnets (kind\'s network has one beside the IPv4 one)', () => {
    assert.equal(addressPoolOf(['fc00:f853:ccd:e793::/64', '172.18.0.0/16']).first, '172.18.255.200');
  });
  it('refuses a network too small for the range, naming what it found', () => {
    assert.throws(() => addressPoolOf(['172.18.0.0/25']), /no IPv4 subnet of \/24 or larger among 172\.18\.0\.0\/25/);
    assert.throws(() => addressPoolOf([]), /among none/);
  });
});

describe('MetalLB\'s manifest and pool', () => {
  const manifest = readFileSync(METALLB_MANIFEST, 'utf8');
  it('is the published file, unedited (its sha256 is in manifests/README.md)', () => {
    const readme = readFileSync(new URL('../../../scripts/lib/kubernetes/parts/manifests/README.md', import.meta.url), 'utf8');
    assert.ok(readme.includes(createHash('sha256').update(manifest).digest('hex')), 'metallb-native.yaml differs from the file the README names: restore it from the tag');
  });
  it('names the images of the pinned version, which scripts/airgap/metallb/images.sh builds', () => {
    const version = pinnedEnvironment().metallb;
    assert.deepEqual(manifestImages(manifest), [`quay.io/metallb/controller:${version}`, `quay.io/metallb/speaker:${version}`]);
  });
  it('reads image lines however they are quoted or listed', () => {
    assert.deepEqual(manifestImages('spec:\n  containers:\n  - image: "a/b:1"\n    name: x\n  - name: y\n    image: \'c:2\'\n  - image: a/b:1\n'), ['a/b:1', 'c:2']);
  });
  it('advertises one pool of the chosen range over L2', () => {
    const docs = parseAllDocuments(poolManifest({ subnet: '172.18.0.0/16', first: '172.18.255.200', last: '172.18.255.250' })).map((d) => d.toJS() as { kind: string; metadata: { namespace: string }; spec: Record<string, string[]> });
    assert.deepEqual(docs.map((d) => [d.kind, d.metadata.namespace]), [['IPAddressPool', 'metallb-system'], ['L2Advertisement', 'metallb-system']]);
    assert.deepEqual(docs[0]?.spec.addresses, ['172.18.255.200-172.18.255.250']);
    assert.deepEqual(docs[1]?.spec.ipAddressPools, ['kubia-notes']);
  });
});
