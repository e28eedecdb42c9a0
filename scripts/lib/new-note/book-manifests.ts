// Manifests of the book (Kubernetes in Action, 1st ed.) whose apiVersion today's API server no
// longer serves, one table as book-changes.ts is for commands: which apiVersion and kind,
// the current apiVersion, what else the change needs (a ReplicaSet's required selector, an
// Ingress's new backend shape), and why, in Korean. Edited on the parsed YAML document, so
// the author's comments and order stay; a manifest the table cannot convert is left as it is.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type YAMLMap } from 'yaml';

export interface ManifestEra {
  /** Names the change in block ids (`book-<key>`). */
  key: string;
  recognise(apiVersion: string, kind: string): boolean;
  /** The current apiVersion. */
  now: string;
  /** Makes the rest of the document valid for `now`; false when that is not mechanical. */
  fix(document: Document): boolean;
  why: string;
}

/** `spec.template.metadata.labels` as the required `spec.selector.matchLabels`, when the selector is missing. */
function selectorFromTemplate(document: Document): boolean {
  if (document.hasIn(['spec', 'selector'])) return true;
  const labels = document.getIn(['spec', 'template', 'metadata', 'labels']);
  if (!isMap(labels) || !labels.items.length) return false;
  const spec = document.get('spec') as YAMLMap;
  // Before the template, where the book and kubectl's own output put it.
  const at = spec.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'template');
  spec.items.splice(at < 0 ? spec.items.length : at, 0, document.createPair('selector', { matchLabels: labels.toJSON() }) as never);
  return true;
}

/** An extensions/v1beta1 backend (`serviceName`, `servicePort`) in networking.k8s.io/v1's shape. */
function backendNow(backend: unknown, document: Document): unknown {
  if (!isMap(backend)) return undefined;
  const name = backend.get('serviceName');
  const port = backend.get('servicePort');
  if (typeof name !== 'string' || port === undefined) return undefined;
  const named = typeof port === 'string' && !/^\d+$/.test(port);
  return document.createNode({ service: { name, port: named ? { name: port } : { number: Number(port) } } });
}

/** Every backend of an Ingress in v1's shape, each path with `pathType: Prefix`; false when one cannot be read. */
function ingressNow(document: Document): boolean {
  const spec = document.get('spec');
  if (!isMap(spec)) return false;
  const fallback = spec.get('backend');
  if (fallback !== undefined) {
    const now = backendNow(fallback, document);
    if (!now) return false;
    spec.delete('backend');
    spec.set('defaultBackend', now);
  }
  const rules = spec.get('rules');
  for (const rule of isSeq(rules) ? rules.items : []) {
    const paths = isMap(rule) ? (rule.getIn(['http', 'paths']) as unknown) : undefined;
    for (const path of isSeq(paths) ? paths.items : []) {
      if (!isMap(path)) return false;
      const now = backendNow(path.get('backend'), document);
      if (!now) return false;
      path.set('backend', now);
      if (!path.has('path')) path.set('path', '/');
      if (!path.has('pathType')) {
        const after = path.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'path');
        path.items.splice(after + 1, 0, document.createPair('pathType', 'Prefix') as never);
      }
    }
  }
  return true;
}

const WORKLOADS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'];

export const MANIFEST_ERA: readonly ManifestEra[] = [
  {
    key: 'apps-v1',
    recognise: (apiVersion, kind) => ['apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'].includes(apiVersion) && WORKLOADS.includes(kind),
    now: 'apps/v1',
    fix: selectorFromTemplate,
    why: '책의 `apps/v1beta1`·`apps/v1beta2`(`extensions/v1beta1`) 디플로이먼트·레플리카셋·데몬셋은 쿠버네티스 1.16에서 없어져서, 책의 매니페스트는 API 서버가 그 버전을 모른다고 거절합니다. 지금은 `apps/v1`이고, `apps/v1`은 `spec.selector`가 꼭 있어야 해서 없으면 템플릿의 레이블로 `matchLabels`를 채웠습니다. 나머지는 책과 같습니다.',
  },
  {
    key: 'cronjob-v1',
    recognise: (apiVersion, kind) => ['batch/v1beta1', 'batch/v2alpha1'].includes(apiVersion) && kind === 'CronJob',
    now: 'batch/v1',
    fix: () => true,
    why: '책의 `batch/v1beta1`(`batch/v2alpha1`) 크론잡은 쿠버네티스 1.25에서 없어졌습니다. 지금은 `batch/v1`이고 나머지 필드는 같습니다.',
  },
  {
    key: 'ingress-v1',
    recognise: (apiVersion, kind) => ['extensions/v1beta1', 'networking.k8s.io/v1beta1'].includes(apiVersion) && kind === 'Ingress',
    now: 'networking.k8s.io/v1',
    fix: ingressNow,
    why: '책의 `extensions/v1beta1` 인그레스는 쿠버네티스 1.22에서 없어졌습니다. 지금의 `networking.k8s.io/v1`에서는 백엔드를 `serviceName`·`servicePort` 대신 `service.name`·`service.port.number`로 적고, 경로마다 `pathType`이 있어야 해서 책의 뜻(그 경로 아래 모두)대로 `Prefix`를 넣었습니다.',
  },
];

export interface ManifestChange {
  era: ManifestEra;
  kind: string;
  /** The apiVersion the author's manifest has. */
  book: string;
}

/** The manifest in today's form and what changed, or undefined when nothing needs to (or can mechanically) change. */
export function bookManifest(text: string): { now: string; changes: ManifestChange[] } | undefined {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.some((document) => document.errors.length)) return undefined;
  const changes: ManifestChange[] = [];
  for (const document of documents) {
    const apiVersion = document.get('apiVersion');
    const kind = document.get('kind');
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
    const era = MANIFEST_ERA.find((entry) => entry.recognise(apiVersion, kind));
    if (!era) continue;
    if (!era.fix(document)) return undefined;
    const node = document.get('apiVersion', true);
    if (isScalar(node)) node.value = era.now;
    changes.push({ era, kind, book: apiVersion });
  }
  // A list written at its key's indentation (`containers:` then `- name:`) stays so.
  const indentSeq = !/^(\s*)[\w.-]+:\n\1- /m.test(text);
  return changes.length ? { now: documents.map((document) => document.toString({ indentSeq })).join(''), changes } : undefined;
}
