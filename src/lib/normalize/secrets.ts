import {
  authorizationHeaderPattern,
  base64JwtPattern,
  base64PemPattern,
  bearerPattern,
  credentialFieldPattern,
  isAuthorizationValue,
  jwtPattern,
  looksLikeCredential,
  pemPattern,
} from '../secrets/credential-shapes.ts';
import { declaredSecretPattern } from '../secrets/encoded-forms.ts';
import type { Mask } from '../store/schema.ts';

/** Shorter declared values would mask letters all over the output. */
const MIN_DECLARED_SECRET_LENGTH = 4;

/**
 * One way to find a secret. With `keepsPrefix`, group 1 is the field name or header that
 * stays on the page and group 2 the value that goes; `isSecret` decides on the value, so a
 * field-shaped match of prose (`token: serviceaccounts`) is left as it was.
 */
interface SecretRule {
  name: string;
  placeholder: string;
  /** Korean, shown to readers under the output. */
  description: string;
  pattern: RegExp;
  keepsPrefix?: boolean;
  isSecret?: (value: string) => boolean;
}

const SECRET = '⟨secret⟩';

const pem: SecretRule = {
  name: 'secret:pem',
  placeholder: SECRET,
  description: '인증서·개인 키는 기록하기 전에 가렸습니다',
  // The whole block goes, BEGIN and END lines too: a recording must never hold a
  // `-----BEGIN … PRIVATE KEY-----` line (the pre-commit check rejects it).
  pattern: pemPattern(),
};

const base64Pem: SecretRule = {
  name: 'secret:pem-base64',
  placeholder: SECRET,
  description: 'base64로 인코딩된 인증서·개인 키(kubeconfig의 *-data 값 등)는 기록하기 전에 가렸습니다',
  pattern: base64PemPattern(),
};

const jwtDescription = 'JWT(서비스 어카운트 토큰 등)는 기록하기 전에 가렸습니다';
const jwt: SecretRule = { name: 'secret:jwt', placeholder: SECRET, description: jwtDescription, pattern: jwtPattern() };
const base64Jwt: SecretRule = { name: 'secret:jwt', placeholder: SECRET, description: jwtDescription, pattern: base64JwtPattern() };

const bearerDescription = 'Bearer 토큰과 Authorization 헤더의 값은 기록하기 전에 가렸습니다';
const authorizationHeader: SecretRule = {
  name: 'secret:bearer',
  placeholder: SECRET,
  description: bearerDescription,
  pattern: authorizationHeaderPattern(),
  keepsPrefix: true,
  isSecret: isAuthorizationValue,
};
const bearer: SecretRule = {
  name: 'secret:bearer',
  placeholder: SECRET,
  description: bearerDescription,
  pattern: bearerPattern(),
  keepsPrefix: true,
  isSecret: looksLikeCredential,
};

const credentialField: SecretRule = {
  name: 'secret:credential-field',
  placeholder: SECRET,
  description: '인증 정보 필드(kubeconfig의 인증서·키 데이터, token, password 등)의 값은 기록하기 전에 가렸습니다',
  pattern: credentialFieldPattern(),
  keepsPrefix: true,
  isSecret: looksLikeCredential,
};

/** Shapes, most specific first: a PEM inside a JSON field goes as a PEM, not as the field. */
const SHAPE_RULES: readonly SecretRule[] = [pem, base64Pem, jwt, base64Jwt, authorizationHeader, bearer, credentialField];

function declaredSecretRule(name: string, value: string): SecretRule {
  return {
    name: `secret:${name}`,
    placeholder: `⟨secret:${name}⟩`,
    description: `비밀 값 ${name}은 그대로든 base64·hex·URL 인코딩이나 뒤집힌 형태든 기록하기 전에 가렸습니다`,
    pattern: declaredSecretPattern(value),
  };
}

function applySecretRules(text: string, rules: readonly SecretRule[]): { text: string; masks: Mask[] } {
  const counts = new Map<string, { rule: SecretRule; count: number }>();
  let result = text;
  for (const rule of rules) {
    result = result.replace(rule.pattern, (match: string, ...groups: unknown[]) => {
      const prefix = rule.keepsPrefix ? String(groups[0]) : '';
      const value = rule.keepsPrefix ? String(groups[1]) : match;
      if (rule.isSecret && !rule.isSecret(value)) return match;
      const entry = counts.get(rule.name) ?? { rule, count: 0 };
      counts.set(rule.name, { ...entry, count: entry.count + 1 });
      return `${prefix}${rule.placeholder}`;
    });
  }
  const masks = [...counts.values()].map(({ rule, count }) => ({ name: rule.name, placeholder: rule.placeholder, description: rule.description, count }));
  return { text: result, masks };
}

/**
 * Masks secrets before anything is written or shown: the values of the variables a block
 * marks with `secrets=` (plain, base64, base64url, hex, URL-encoded and reversed), then
 * whatever has the shape of a credential: PEM blocks, base64 PEM, JWTs, Authorization and
 * Bearer values, credential fields in YAML and JSON. Only the value is replaced; the field
 * name or header stays, so the reader still sees what was there.
 */
export function maskSecrets(text: string, secretValues: Record<string, string>): { text: string; masks: Mask[] } {
  const declared = Object.entries(secretValues)
    .filter(([, value]) => value.length >= MIN_DECLARED_SECRET_LENGTH)
    .map(([name, value]) => declaredSecretRule(name, value));
  return applySecretRules(text, [...declared, ...SHAPE_RULES]);
}
