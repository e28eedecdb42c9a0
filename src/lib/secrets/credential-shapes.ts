/**
 * What a credential looks like in a command's output, whatever printed it (YAML, JSON, a
 * header, a flag). The masker (src/lib/normalize/secrets.ts) replaces what matches; the
 * scanner (./rules.ts) reports what matches. One definition, so that masked output always
 * scans clean.
 */

/**
 * Field names whose value is a credential. A field matches when its name ends with one of
 * these, in any case and with `-`, `_` or camelCase: `token`, `id-token`, `refresh_token`,
 * `accessToken`, `client-secret`, `clientSecret`, `bootstrap-token`, `api_key` …
 */
export const CREDENTIAL_FIELD_SUFFIXES = [
  'client-key-data',
  'client-certificate-data',
  'certificate-authority-data',
  'token',
  'password',
  'passwd',
  'secret',
  'api-key',
  'apikey',
  'api_key',
  'private-key',
  'private_key',
  'privatekey',
] as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `key: value` (YAML, `kubectl describe`), `"key": "value"` (JSON), `key=value` and
 * `--key=value` (env, flags). Groups: 1 everything before the value, 2 the value.
 * The value stops at whitespace, quotes and separators; {@link looksLikeCredential} decides
 * whether it is one: a field-shaped match alone is not enough (`failed to create token:
 * serviceaccounts "default" not found` is prose). Our own placeholders (`⟨secret:MY_TOKEN2⟩`)
 * are neither key nor value.
 */
export const credentialFieldPattern = (): RegExp =>
  new RegExp(
    String.raw`((?<![\w.⟨-])["']?[\w.-]*?(?:${CREDENTIAL_FIELD_SUFFIXES.map(escapeRegExp).join('|')})["']?[ \t]*[:=][ \t]*["']?)([^\s"'<>,;{}()\[\]\\⟨⟩]+)`,
    'gi',
  );

/** `Authorization: Bearer x`, `Authorization: Basic x`: the header says outright that x is a credential. */
export const authorizationHeaderPattern = (): RegExp => /(\bAuthorization:[ \t]*(?:[A-Za-z]+[ \t]+)?)([^\s"'<>,;\\]+)/gi;

/** `Bearer x` anywhere (curl -v, error messages); x must still look like a credential. */
export const bearerPattern = (): RegExp => /(\bBearer[ \t]+)([^\s"'<>,;\\]+)/g;

/**
 * A JSON Web Token: header and payload are base64url JSON, so both start with `eyJ` (`{"`).
 * `kubectl create token` prints one; service-account tokens in secrets are one.
 */
export const jwtPattern = (): RegExp => /\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]*/g;

/** A JWT encoded once more in base64, as `kubectl get secret -o yaml` shows `data.token`: "eyJ" → "ZXlK". */
export const base64JwtPattern = (): RegExp => /\bZXlK[A-Za-z0-9+/]{60,}={0,2}/g;

/**
 * A PEM block of any type (certificate, private key, encrypted key …), raw or with JSON's
 * `\n` escapes. Without its END line (output cut by `head`), the base64 lines that follow
 * the BEGIN line are the block: better to hide too much than a key's first half.
 */
export const pemPattern = (): RegExp =>
  /-----BEGIN ([A-Z0-9 ]+)-----(?:[\s\S]*?-----END \1-----|(?:(?:\r?\n|\\n)[ \t]*[A-Za-z0-9+/=]+(?=[ \t]*(?:\r?\n|\\n|$)))*)/g;

/** A PEM block encoded in base64, as kubeconfig's `*-data` fields hold it: "-----BEGIN" → "LS0tLS1CRUdJTi". */
export const base64PemPattern = (): RegExp => /LS0tLS1CRUdJTi[A-Za-z0-9+/]*={0,2}/g;

/** The minimum length of a value a field-shaped rule masks: shorter ones are words, flags, placeholders. */
export const MIN_CREDENTIAL_LENGTH = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Kubernetes object name (`kube-api-access-kzm2x`, `default-token-4zj2q`): a name, not a value. */
const KUBERNETES_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;
/** Values that stand for a credential without being one: `$TOKEN`, `<token>`, `⟨secret⟩`, `***`. */
const STAND_IN = /^(?:[$<{⟨*%]|x{4,}$)/i;

/**
 * Is this value (from a credential-named field or a Bearer header) a credential, or a word?
 * Real tokens, keys and passwords mix letters and digits; a long random one without digits
 * still mixes cases about evenly. `serviceaccounts`, `default`, `REDACTED`, `DATA+OMITTED`
 * (what `kubectl config view` prints without `--raw`), object names and camelCase names
 * (`isAuthorizationValue`) do not.
 */
export function looksLikeCredential(value: string): boolean {
  if (value.length < MIN_CREDENTIAL_LENGTH || STAND_IN.test(value)) return false;
  if (UUID.test(value)) return true;
  if (KUBERNETES_NAME.test(value)) return false;
  if (/\d/.test(value)) return /[A-Za-z]/.test(value);
  const upper = value.replace(/[^A-Z]/g, '').length;
  const lower = value.replace(/[^a-z]/g, '').length;
  const evenlyMixed = Math.min(upper, lower) >= 0.25 * (upper + lower);
  return value.length >= 20 && /^[\w+/=-]+$/.test(value) && evenlyMixed;
}

/** After an `Authorization:` header any value but a stand-in is a credential, short Basic ones too. */
export function isAuthorizationValue(value: string): boolean {
  return value.length >= MIN_CREDENTIAL_LENGTH && !STAND_IN.test(value) && !/^[A-Z_]+$/.test(value);
}
