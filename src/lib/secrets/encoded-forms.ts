/**
 * The forms a declared secret (`secrets=NAME`) takes in output besides itself: a block
 * that pipes it through `base64`, `xxd -p`, `rev` or a URL prints those, and each of them
 * gives the secret away as surely as the plain value.
 */

/** Shorter values would match ordinary text once encoded (4 base64 characters are a word). */
export const MIN_ENCODED_SECRET_LENGTH = 8;

/** One way a secret can appear, as a regular-expression source. */
export interface EncodedForm {
  encoding: 'plain' | 'base64' | 'base64url' | 'hex' | 'url' | 'reversed';
  source: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `base64` wraps at 76 columns and `xxd -p` at 60: let a line break fall between any two
 * characters of an encoded form.
 */
const wrappable = (text: string) => [...text].map(escapeRegExp).join('(?:\\r?\\n)?');

/**
 * The base64 of the first whole 3-byte groups of the value is the start of the base64 of
 * anything that starts with the value: `echo "$T" | base64` encodes the value plus a
 * newline, so its last characters differ from the value's own encoding. Matching that
 * aligned start, then the rest of the base64 run, covers both.
 */
function base64Forms(bytes: Buffer): EncodedForm[] {
  const aligned = bytes.subarray(0, bytes.length - (bytes.length % 3));
  const std = aligned.toString('base64');
  const url = aligned.toString('base64url');
  const forms: EncodedForm[] = [{ encoding: 'base64', source: `${wrappable(std)}[A-Za-z0-9+/]*={0,2}` }];
  if (url !== std) forms.push({ encoding: 'base64url', source: `${wrappable(url)}[\\w-]*` });
  return forms;
}

/** Every form of `value` worth masking, longest first so that a longer form is not masked by a part of it. */
export function encodedForms(value: string): EncodedForm[] {
  const forms: EncodedForm[] = [{ encoding: 'plain', source: escapeRegExp(value) }];
  if (value.length < MIN_ENCODED_SECRET_LENGTH) return forms;
  const bytes = Buffer.from(value, 'utf8');
  const hex = bytes.toString('hex');
  forms.push(
    ...base64Forms(bytes),
    // Hex in either case (`xxd -p` prints lower case, `printf %X` upper), with the rest of
    // its run: `echo "$T" | xxd -p` ends in the newline's `0a`.
    { encoding: 'hex', source: `(?:${wrappable(hex)}|${wrappable(hex.toUpperCase())})[0-9a-fA-F]*` },
    { encoding: 'reversed', source: escapeRegExp([...value].reverse().join('')) },
  );
  const urlEncoded = encodeURIComponent(value);
  if (urlEncoded !== value) {
    // Percent escapes come in either case (`%2F`, `%2f`); the rest of the value keeps its own.
    const lowerEscapes = urlEncoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
    forms.push({ encoding: 'url', source: `(?:${escapeRegExp(urlEncoded)}|${escapeRegExp(lowerEscapes)})` });
  }
  return forms.sort((a, b) => b.source.length - a.source.length);
}

/** One pattern that matches the secret in any of its forms. */
export function declaredSecretPattern(value: string): RegExp {
  return new RegExp(encodedForms(value).map((form) => form.source).join('|'), 'g');
}
