import type { SecretLintRuleCreator, SecretLintRuleContext, SecretLintSourceCode } from '@secretlint/types';
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
} from './credential-shapes.ts';

/**
 * Our secretlint rules: the credentials this site's commands print and secretlint's
 * recommended preset does not look for (JWTs, kubeconfig fields, base64 keys) or looks for
 * more narrowly (it skips a PEM key that is encrypted, cut short or under 100 characters).
 */

type Range = readonly [number, number];

/** Where a regular expression finds a secret: the whole match, or group 2 when group 1 is a field name. */
function* secretRanges(content: string, pattern: RegExp, options: { valueOnly?: boolean; isSecret?: (value: string) => boolean } = {}): Generator<Range> {
  for (const match of content.matchAll(pattern)) {
    const start = match.index;
    const [whole, prefix = '', value = ''] = match;
    const secret = options.valueOnly ? value : whole;
    if (options.isSecret && !options.isSecret(secret)) continue;
    const from = options.valueOnly ? start + prefix.length : start;
    yield [from, from + secret.length];
  }
}

function scannerRule(id: string, message: string, find: (content: string) => Iterable<Range>): SecretLintRuleCreator {
  const messages = { FOUND: { en: () => message } };
  return {
    messages,
    meta: { id, type: 'scanner', recommended: true, supportedContentTypes: ['text'] },
    create(context: SecretLintRuleContext) {
      const t = context.createTranslator(messages);
      return {
        file(source: SecretLintSourceCode) {
          for (const range of find(source.content)) context.report({ message: t('FOUND'), range });
        },
      };
    },
  };
}

const PRIVATE_KEY_HEADER = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;

export const jwtRule = scannerRule('kubia-notes/jwt', 'a JSON Web Token (e.g. a service-account token)', function* (content) {
  yield* secretRanges(content, jwtPattern());
  yield* secretRanges(content, base64JwtPattern());
});

export const privateKeyRule = scannerRule('kubia-notes/private-key', 'a PEM private key, raw or base64-encoded', function* (content) {
  yield* secretRanges(content, pemPattern(), { isSecret: (block) => PRIVATE_KEY_HEADER.test(block) });
  yield* secretRanges(content, base64PemPattern(), {
    isSecret: (encoded) => PRIVATE_KEY_HEADER.test(Buffer.from(encoded.slice(0, 80), 'base64').toString('latin1')),
  });
});

export const credentialFieldRule = scannerRule(
  'kubia-notes/credential-field',
  'a credential field (token, password, client-key-data …) with a credential-shaped value',
  function* (content) {
    yield* secretRanges(content, credentialFieldPattern(), { valueOnly: true, isSecret: looksLikeCredential });
  },
);

export const authorizationRule = scannerRule('kubia-notes/authorization', 'an Authorization header or Bearer token value', function* (content) {
  yield* secretRanges(content, authorizationHeaderPattern(), { valueOnly: true, isSecret: isAuthorizationValue });
  yield* secretRanges(content, bearerPattern(), { valueOnly: true, isSecret: looksLikeCredential });
});

export const KUBIA_NOTES_RULES: readonly SecretLintRuleCreator[] = [jwtRule, privateKeyRule, credentialFieldRule, authorizationRule];
