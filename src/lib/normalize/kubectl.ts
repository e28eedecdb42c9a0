import type { Normalizer } from './normalizer.ts';

// Kubernetes' generated suffixes use an alphabet without vowels (and without 0, 1, 3),
// so ordinary words such as "kubia-notes" or "kube-proxy" never match.
const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';

export const podHash: Normalizer = {
  name: 'pod-hash',
  numbered: true,
  placeholder: '⟨hash⟩',
  description: '컨트롤러가 만든 파드 이름의 끝부분(예: kubia-⟨hash⟩)은 파드마다 무작위입니다',
  pattern: new RegExp(`\\b([a-z0-9]+(?:-[a-z0-9]+)*?)-(?:${SUFFIX}{8,10}-)?${SUFFIX}{5}\\b`, 'g'),
  replace: '$1-⟨hash⟩',
};

export const uid: Normalizer = {
  name: 'uid',
  numbered: true,
  placeholder: '⟨uid⟩',
  description: '오브젝트의 UID는 만들 때마다 새로 정해집니다',
  pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
};

export const resourceVersion: Normalizer = {
  name: 'resource-version',
  placeholder: '⟨version⟩',
  description: 'resourceVersion은 클러스터의 변경 횟수에 따라 달라집니다',
  // YAML (resourceVersion: "123") and JSON ("resourceVersion": "123").
  pattern: /(resourceVersion"?:\s*"?)\d+/g,
  replace: '$1⟨version⟩',
};

export const klog: Normalizer = {
  name: 'klog',
  placeholder: '',
  description: 'kubectl이 stderr에 남긴 klog 진단 줄(예: "Unknown stream id … discarding message")은 실행마다 나타났다 말았다 해서 비교에서 뺐습니다 (transcript에는 남아 있습니다)',
  pattern: /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+ +\d+ [\w.-]+:\d+\] .*(?:\n|$)/gm,
};
