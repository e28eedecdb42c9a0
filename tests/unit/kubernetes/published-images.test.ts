import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { INGRESS_MANIFEST } from '../../../scripts/lib/kubernetes/parts/ingress.ts';
import { manifestImages, METALLB_MANIFEST } from '../../../scripts/lib/kubernetes/parts/load-balancer.ts';
import { manifestForNodes, partImageDigests, pinnedDigestOf } from '../../../scripts/lib/kubernetes/parts/published-images.ts';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

describe('the parts\' published images, by digest where the nodes pull them', () => {
  it('pins a digest for every image the parts\' manifests name, and for nothing else', () => {
    const named = [METALLB_MANIFEST, INGRESS_MANIFEST].flatMap((file) => manifestImages(readFileSync(file, 'utf8')));
    assert.deepEqual(Object.keys(partImageDigests()).sort(), [...named].sort());
  });
  it('names an image the nodes pull by its digest, and keeps the tag of one loaded from this machine', () => {
    const manifest = 'spec:\n  containers:\n  - image: quay.io/x/controller:v1\n    name: c\n  - name: s\n    image: "quay.io/x/speaker:v1"\n';
    const out = manifestForNodes(manifest, ['quay.io/x/speaker:v1'], { 'quay.io/x/controller:v1': D1, 'quay.io/x/speaker:v1': D2 });
    assert.equal(out, `spec:\n  containers:\n  - image: quay.io/x/controller:v1\n    name: c\n  - name: s\n    image: "quay.io/x/speaker:v1@${D2}"\n`);
  });
  it('leaves the manifest as it is when the nodes pull nothing', () => {
    assert.equal(manifestForNodes('image: a:1\n', [], {}), 'image: a:1\n');
  });
  it('refuses an image to pull that has no pinned digest, saying where to add it', () => {
    assert.throws(() => manifestForNodes('image: a:1\n', ['a:1'], { 'b:1': D1 }), (error: Error & { hint?: string }) => /a:1 has no published digest/.test(error.message) && /partImages|add its digest/.test(`${error.message} ${error.hint ?? ''}`));
  });
  it('the real manifests: MetalLB\'s and Traefik\'s images pulled by digest, each image line rewritten', () => {
    for (const file of [METALLB_MANIFEST, INGRESS_MANIFEST]) {
      const manifest = readFileSync(file, 'utf8');
      const images = manifestImages(manifest);
      const out = manifestForNodes(manifest, images);
      for (const image of images) assert.match(out, new RegExp(`image:\\s*${image.replace(/[.:/]/g, '\\$&')}@sha256:[0-9a-f]{64}`));
      assert.deepEqual(manifestImages(out), images.map((image) => `${image}@${pinnedDigestOf(image)}`));
    }
  });
});
