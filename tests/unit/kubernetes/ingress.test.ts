import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { INGRESS_MANIFEST, INGRESS_NAMESPACE, INGRESS_SERVICE } from '../../../scripts/lib/kubernetes/parts/ingress.ts';
import { manifestImages } from '../../../scripts/lib/kubernetes/parts/load-balancer.ts';
import { pinnedEnvironment } from '../../../scripts/lib/core/pinned-environment.ts';

interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  subjects?: { kind: string; name: string; namespace: string }[];
}
const manifest = readFileSync(INGRESS_MANIFEST, 'utf8');
const docs = parseAllDocuments(manifest).map((d) => d.toJS() as Doc);
const find = (kind: string) => {
  const doc = docs.find((d) => d.kind === kind);
  assert.ok(doc, `manifests/traefik.yaml has no ${kind}`);
  return doc;
};
const container = () => ((find('Deployment').spec as { template: { spec: { containers: { image: string; args: string[] }[] } } }).template.spec.containers[0]!);

describe('the ingress controller\'s manifest (Traefik)', () => {
  it('names the image of the pinned version, which scripts/airgap/traefik/images.sh builds', () => {
    assert.deepEqual(manifestImages(manifest), [`traefik:${pinnedEnvironment().traefik}`]);
  });
  it('makes `traefik` the default IngressClass, so an Ingress that names none (the book\'s) is Traefik\'s', () => {
    const ingressClass = find('IngressClass');
    assert.equal(ingressClass.metadata.name, 'traefik');
    assert.equal(ingressClass.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'], 'true');
    assert.equal(ingressClass.spec?.controller, 'traefik.io/ingress-controller');
  });
  it('publishes its own LoadBalancer Service as every Ingress\'s ADDRESS', () => {
    const service = docs.find((d) => d.kind === 'Service' && d.metadata.name === INGRESS_SERVICE && d.metadata.namespace === INGRESS_NAMESPACE);
    assert.equal(service?.spec?.type, 'LoadBalancer');
    assert.ok(container().args.includes(`--providers.kubernetesingress.ingressendpoint.publishedservice=${INGRESS_NAMESPACE}/${INGRESS_SERVICE}`));
  });
  it('answers HTTPS on the Service\'s port 443 (an Ingress\'s `tls:` secret is served there) beside HTTP on 80', () => {
    const service = docs.find((d) => d.kind === 'Service' && d.metadata.name === INGRESS_SERVICE);
    const ports = (service?.spec?.ports ?? []) as { port: number; targetPort: string }[];
    const containerPorts = (find('Deployment').spec as { template: { spec: { containers: { ports: { name: string; containerPort: number }[] }[] } } }).template.spec.containers[0]!.ports;
    const entry = (name: string) => {
      const target = ports.find((p) => p.targetPort === name);
      const address = container().args.find((a) => a.startsWith(`--entryPoints.${name}.address=:`));
      assert.ok(target && address, `the Service has no port to the ${name} entry point, or Traefik has no such entry point`);
      assert.equal(`--entryPoints.${name}.address=:${containerPorts.find((p) => p.name === name)?.containerPort}`, address, `${name}: the container port the Service targets is the entry point's`);
      return target.port;
    };
    assert.equal(entry('web'), 80);
    assert.equal(entry('websecure'), 443);
    assert.ok(container().args.includes('--entryPoints.websecure.http.tls=true'), 'routers on websecure are served with TLS (an Ingress makes its routers without TLS)');
    assert.ok(!container().args.some((a) => a.startsWith('--entryPoints.web.http.tls')), 'port 80 stays plain HTTP');
  });
  it('lets Traefik read what the Ingress provider watches (nodes too: it waits for them before it serves) and write Ingress status, bound to its ServiceAccount', () => {
    const rules = find('ClusterRole').rules ?? [];
    const allows = (group: string, resource: string, verb: string) => rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    for (const [group, resource] of [['networking.k8s.io', 'ingresses'], ['networking.k8s.io', 'ingressclasses'], ['', 'services'], ['', 'secrets'], ['discovery.k8s.io', 'endpointslices'], ['', 'nodes']] as const) {
      for (const verb of ['get', 'list', 'watch']) assert.ok(allows(group, resource, verb), `${verb} ${group}/${resource}`);
    }
    assert.ok(allows('networking.k8s.io', 'ingresses/status', 'update'));
    const account = find('ServiceAccount');
    assert.deepEqual(find('ClusterRoleBinding').subjects, [{ kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }]);
  });
  it('calls nowhere outside the cluster (no version check, no usage statistics)', () => {
    assert.ok(container().args.includes('--global.checknewversion=false'));
    assert.ok(container().args.includes('--global.sendanonymoususage=false'));
  });
});
