import type { Normalizer } from './normalizer.ts';
import { applyNormalizers } from './normalizer.ts';
import type { Mask } from '../store/schema.ts';

const pem: Normalizer = {
  name: 'secret:pem',
  placeholder: '⟨secret⟩',
  description: '인증서·개인 키는 기록하기 전에 가렸습니다',
  pattern: /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g,
};

const kubeconfigData: Normalizer = {
  name: 'secret:kubeconfig',
  placeholder: '⟨secret⟩',
  description: 'kubeconfig의 인증서 데이터와 토큰은 기록하기 전에 가렸습니다',
  pattern: /\b(certificate-authority-data|client-certificate-data|client-key-data|token|password):(\s*)(?!⟨)\S+/g,
  replace: '$1:$2⟨secret⟩',
};

const bearer: Normalizer = {
  name: 'secret:bearer',
  placeholder: '⟨secret⟩',
  description: 'Bearer 토큰은 기록하기 전에 가렸습니다',
  pattern: /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g,
  replace: '$1⟨secret⟩',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masks secrets before anything is written or shown: the values of the variables a block
 * marks with `secrets=`, PEM blocks, kubeconfig credentials and bearer tokens.
 */
export function maskSecrets(text: string, secretValues: Record<string, string>): { text: string; masks: Mask[] } {
  const named: Normalizer[] = Object.entries(secretValues)
    .filter(([, value]) => value.length >= 4)
    .map(([name, value]) => ({
      name: `secret:${name}`,
      placeholder: `⟨secret:${name}⟩`,
      description: `비밀 값 ${name}은 기록하기 전에 가렸습니다`,
      pattern: new RegExp(escapeRegExp(value), 'g'),
    }));
  return applyNormalizers(text, [...named, pem, kubeconfigData, bearer]);
}
