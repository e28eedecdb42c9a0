import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { failOnPublishedSecrets, PublishedSecretError } from '../../src/integrations/secret-scan.ts';
import { maskSecrets } from '../../src/lib/normalize/secrets.ts';
import { looksLikeCredential } from '../../src/lib/secrets/credential-shapes.ts';
import { scanText } from '../../src/lib/secrets/scan.ts';

// Every credential here is made at test time: a real throwaway key, random certificate
// bytes, a JWT of made-up claims. Nothing token-shaped is committed.

const rsaKeyPem = (): string => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const wrap64 = (base64: string) => base64.replace(/.{1,64}/g, '$&\n');
/** Certificate-shaped: the right armour around random DER-sized bytes (nothing checks the DER). */
const certificatePem = (): string => `-----BEGIN CERTIFICATE-----\n${wrap64(`MIIC${randomBytes(720).toString('base64')}`)}-----END CERTIFICATE-----\n`;
const base64 = (text: string) => Buffer.from(text).toString('base64');
const jwt = (claims: object): string => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: randomBytes(16).toString('hex') })}.${part(claims)}.${randomBytes(256).toString('base64url')}`;
};
const serviceAccountToken = () => jwt({ aud: ['https://kubernetes.default.svc.cluster.local'], sub: 'system:serviceaccount:default:default', exp: 1_900_000_000 });

/** What `kubectl config view --raw -o json` prints for a kind cluster, credentials as given. */
function kubeconfigJson(data: { ca: string; cert: string; key: string }): string {
  const config = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: [{ name: 'kind-kind', cluster: { server: 'https://127.0.0.1:39211', 'certificate-authority-data': data.ca } }],
    users: [{ name: 'kind-kind', user: { 'client-certificate-data': data.cert, 'client-key-data': data.key } }],
    contexts: [{ name: 'kind-kind', context: { cluster: 'kind-kind', user: 'kind-kind' } }],
    'current-context': 'kind-kind',
  };
  return `${JSON.stringify(config, null, 4)}\n`;
}

/** The same as `kubectl config view --raw` (YAML). */
function kubeconfigYaml(data: { ca: string; cert: string; key: string }): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${data.ca}`,
    '    server: https://127.0.0.1:39211',
    '  name: kind-kind',
    'contexts:',
    '- context:',
    '    cluster: kind-kind',
    '    user: kind-kind',
    '  name: kind-kind',
    'current-context: kind-kind',
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: kind-kind',
    '  user:',
    `    client-certificate-data: ${data.cert}`,
    `    client-key-data: ${data.key}`,
    '',
  ].join('\n');
}

/** Output that holds no credential and must come out of the masker and the scanner untouched. */
const ORDINARY_OUTPUT = [
  'error: failed to create token: serviceaccounts "default" not found',
  'Use the token to authenticate; the token is printed once.',
  'token: serviceaccounts',
  'Tokens:              <none>',
  'Mountable secrets:   default-token-4zj2q',
  '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-kzm2x (ro)',
  `Digest: sha256:${'3f1c2a9b8d7e'.repeat(5)}0a1b`,
  `${'f6c3a9e1b2d4'.repeat(5)}7e8f`,
  'Successfully built 3f1c2a9b8d7e',
  'Successfully tagged kubia:latest',
  '[main 1a2b3c4] Add the kubia app',
  'commit 9fceb02d0ae598e95dc970b74767f19372d61af8',
  `docker.io/library/kubia@sha256:${'ab'.repeat(32)}`,
  'users:\n- name: kind-kind\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n    token: REDACTED',
  '"client-key-data": "DATA+OMITTED",',
  'password: <your password>',
  'secretName: kubia-tls',
  'The Bearer scheme carries an access token.',
  'NAME                  TYPE                                  DATA   AGE',
  'default-token-4zj2q   kubernetes.io/service-account-token   3      5d',
  '',
].join('\n');

describe('maskSecrets, credential shapes', () => {
  let key: string;
  let kubeconfigData: { ca: string; cert: string; key: string };
  before(() => {
    key = rsaKeyPem();
    kubeconfigData = { ca: base64(certificatePem()), cert: base64(certificatePem()), key: base64(key) };
  });

  it('masks the values of `kubectl config view --raw -o json`, keeping every name', () => {
    const { text, masks } = maskSecrets(kubeconfigJson(kubeconfigData), {});
    assert.equal(text, kubeconfigJson({ ca: '⟨secret⟩', cert: '⟨secret⟩', key: '⟨secret⟩' }));
    assert.deepEqual(masks.map((m) => [m.name, m.count]), [['secret:pem-base64', 3]]);
  });

  it('masks the same in YAML', () => {
    assert.equal(maskSecrets(kubeconfigYaml(kubeconfigData), {}).text, kubeconfigYaml({ ca: '⟨secret⟩', cert: '⟨secret⟩', key: '⟨secret⟩' }));
  });

  it('masks credential fields whatever the value, in YAML and JSON, by field name', () => {
    const hex = randomBytes(16).toString('hex');
    const input = [`    token: ${hex}`, `"id-token": "${hex}",`, `  refresh_token: '${hex}'`, `"accessToken":"${hex}"`, `client-secret: ${hex}`, `password: Passw0rd-${hex.slice(0, 6)}`, `--token=${hex}`].join('\n');
    const expected = ['    token: ⟨secret⟩', '"id-token": "⟨secret⟩",', "  refresh_token: '⟨secret⟩'", '"accessToken":"⟨secret⟩"', 'client-secret: ⟨secret⟩', 'password: ⟨secret⟩', '--token=⟨secret⟩'].join('\n');
    assert.equal(maskSecrets(input, {}).text, expected);
  });

  it('masks PEM blocks of every type, whole, ended or cut short', () => {
    const truncated = key.split('\n').slice(0, 5).join('\n');
    const input = `${certificatePem()}${key}${truncated}\nnext line stays\n`;
    assert.equal(maskSecrets(input, {}).text, '⟨secret⟩\n⟨secret⟩\n⟨secret⟩\nnext line stays\n');
  });

  it('masks a PEM inside a JSON string, escapes and all', () => {
    const json = JSON.stringify({ data: { 'tls.key': key } });
    assert.equal(maskSecrets(json, {}).text, '{"data":{"tls.key":"⟨secret⟩\\n"}}');
  });

  it('masks a JWT anywhere, as `kubectl create token` prints it and inside a secret', () => {
    const token = serviceAccountToken();
    assert.equal(maskSecrets(`${token}\n`, {}).text, '⟨secret⟩\n');
    const secret = ['apiVersion: v1', 'data:', `  ca.crt: ${kubeconfigData.ca}`, '  namespace: ZGVmYXVsdA==', `  token: ${base64(token)}`, 'kind: Secret', ''].join('\n');
    assert.equal(maskSecrets(secret, {}).text, ['apiVersion: v1', 'data:', '  ca.crt: ⟨secret⟩', '  namespace: ZGVmYXVsdA==', '  token: ⟨secret⟩', 'kind: Secret', ''].join('\n'));
  });

  it('masks Authorization headers and Bearer tokens, keeping the header', () => {
    const token = serviceAccountToken();
    const opaque = randomBytes(24).toString('base64url');
    const input = [`> Authorization: Bearer ${token}`, `Authorization: Basic ${base64('admin:s3cret')}`, `curl -H "Authorization: Bearer ${opaque}"`, `Bearer ${opaque}`].join('\n');
    const expected = ['> Authorization: Bearer ⟨secret⟩', 'Authorization: Basic ⟨secret⟩', 'curl -H "Authorization: Bearer ⟨secret⟩"', 'Bearer ⟨secret⟩'].join('\n');
    assert.equal(maskSecrets(input, {}).text, expected);
  });

  it('leaves prose, digests, container IDs, commit hashes and omitted data alone', () => {
    assert.deepEqual(maskSecrets(ORDINARY_OUTPUT, {}), { text: ORDINARY_OUTPUT, masks: [] });
  });

  it('is idempotent: masked output masks to itself', () => {
    const once = maskSecrets(kubeconfigYaml(kubeconfigData) + ORDINARY_OUTPUT, {}).text;
    assert.equal(maskSecrets(once, {}).text, once);
  });

  it('tells a credential from a word', () => {
    for (const word of ['serviceaccounts', 'default', 'REDACTED', 'DATA+OMITTED', 'kube-api-access-kzm2x', '$TOKEN', '<token>', '⟨secret⟩', 'xxxxxxxx', 'abc.def.ghi', 'isAuthorizationValue', 'process.env.GITHUB_TOKEN']) {
      assert.equal(looksLikeCredential(word), false, word);
    }
    for (const value of ['abcdef.0123456789abcdef', 'Passw0rd', 'c2VjcmV0LXZhbHVlLWhlcmU', '1b4e28ba-2fa1-11d2-883f-0016d3cca427', 'kQzXbWvRtYpLmNsHjFgD']) {
      assert.equal(looksLikeCredential(value), true, value);
    }
  });
});

describe('maskSecrets, declared secrets', () => {
  const value = 'f-t0ken/with+odd&chars=1';
  const secrets = { F_TOKEN: value };
  const masked = (text: string) => maskSecrets(text, secrets).text;

  it('masks the value plain, naming the variable', () => {
    const { text, masks } = maskSecrets(`token is ${value}!`, secrets);
    assert.equal(text, 'token is ⟨secret:F_TOKEN⟩!');
    assert.deepEqual(masks.map((m) => [m.name, m.placeholder, m.count]), [['secret:F_TOKEN', '⟨secret:F_TOKEN⟩', 1]]);
    assert.equal(maskSecrets(`${value}\n`, { API_TOKEN2: value }).text, '⟨secret:API_TOKEN2⟩\n', 'a placeholder is not a `token:` field');
  });

  it('masks it in base64 with and without padding, with the newline `echo` adds, and wrapped', () => {
    const long = `${value}-${'x1'.repeat(40)}`;
    for (const encoded of [base64(value), base64(value).replace(/=+$/, ''), base64(`${value}\n`), base64(`${value}\n`).replace(/=+$/, '')]) {
      assert.equal(masked(`${encoded}\n`), '⟨secret:F_TOKEN⟩\n', encoded);
    }
    const wrapped = base64(`${long}\n`).replace(/.{76}/g, '$&\n');
    assert.ok(wrapped.includes('\n'), 'the fixture wraps');
    assert.doesNotMatch(maskSecrets(wrapped, { F_TOKEN: long }).text, /[A-Za-z0-9+/]{8}/);
  });

  it('masks it in base64url, hex (both cases, as xxd -p prints it), URL-encoded and reversed', () => {
    const hex = Buffer.from(value).toString('hex');
    const forms = {
      base64url: Buffer.from(value).toString('base64url'),
      hex,
      HEX: hex.toUpperCase(),
      'xxd -p': Buffer.from(`${value}\n`).toString('hex').replace(/.{60}/g, '$&\n'),
      url: encodeURIComponent(value),
      'url, lower-case escapes': encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
      reversed: [...value].reverse().join(''),
    };
    for (const [encoding, text] of Object.entries(forms)) assert.equal(masked(`${text}\n`).trim(), '⟨secret:F_TOKEN⟩', encoding);
  });

  it('does not mask empty or tiny values (they would mask everything)', () => {
    assert.equal(maskSecrets('a b c', { EMPTY: '', TINY: 'a' }).text, 'a b c');
  });

  it('masks only the plain form of short values, whose encodings would match words', () => {
    assert.equal(maskSecrets('pass cGFzcw== ssap', { P: 'pass' }).text, '⟨secret:P⟩ cGFzcw== ssap');
  });
});

describe('scanText', () => {
  let key: string;
  let shapes: Record<string, string>;
  before(() => {
    key = rsaKeyPem();
    const data = { ca: base64(certificatePem()), cert: base64(certificatePem()), key: base64(key) };
    const token = serviceAccountToken();
    shapes = {
      'kubeconfig json': kubeconfigJson(data),
      'kubeconfig yaml': kubeconfigYaml(data),
      'PEM private key': key,
      'PEM private key, cut short': key.split('\n').slice(0, 4).join('\n'),
      'encrypted PEM key': `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${wrap64(randomBytes(96).toString('base64'))}-----END ENCRYPTED PRIVATE KEY-----\n`,
      JWT: `${token}\n`,
      'base64 JWT in a secret': `data:\n  token: ${base64(token)}\n`,
      'Authorization header': `> Authorization: Bearer ${randomBytes(24).toString('base64url')}\n`,
      'password field': `"password": "Passw0rd-${randomBytes(4).toString('hex')}"\n`,
      // secretlint's preset, for what the masker knows no shape of.
      'GitHub token': `GITHUB_TOKEN=${'gh'}p_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'a').slice(0, 36)}\n`,
    };
  });

  it('finds every credential shape', async () => {
    for (const [shape, text] of Object.entries(shapes)) {
      assert.notEqual((await scanText(text, `${shape}.txt`)).length, 0, shape);
    }
  });

  it('finds nothing in the masked text: mask ⇒ scanner clean', async () => {
    for (const [shape, text] of Object.entries(shapes)) {
      if (shape === 'GitHub token') continue; // no shape of ours: the scanner alone catches it
      assert.deepEqual(await scanText(maskSecrets(text, {}).text, shape), [], shape);
    }
  });

  it('names rule, line and column, and never prints the secret', async () => {
    const token = serviceAccountToken();
    const findings = await scanText(`kubectl create token default\n  ${token}\n`, 'leak.txt');
    assert.deepEqual(findings.map((f) => [f.label, f.ruleId, f.line, f.column]), [['leak.txt', 'kubia-notes/jwt', 2, 3]]);
    assert.equal(findings[0]?.excerpt, `⟦redacted ${token.length} chars⟧`);
    const keyFindings = await scanText(key, 'key.pem');
    const body = key.split('\n')[5] ?? '';
    assert.ok(body.length > 20 && !JSON.stringify(keyFindings).includes(body.slice(0, 20)), 'no part of the key in the findings');
  });

  it('finds nothing in ordinary docker and kubectl output', async () => {
    assert.deepEqual(await scanText(ORDINARY_OUTPUT, 'ordinary.txt'), []);
  });
});

describe('the recorded outputs', () => {
  it('are masked already and scan clean: the masker changes nothing in them', async () => {
    const dir = join(import.meta.dirname, '../../content/outputs');
    for (const file of (await readdir(dir)).filter((name) => name.endsWith('.json'))) {
      const recording = JSON.parse(await readFile(join(dir, file), 'utf8')) as { blocks: Record<string, { transcript?: string }> };
      for (const [key, block] of Object.entries(recording.blocks)) {
        if (block.transcript === undefined) continue;
        assert.equal(maskSecrets(block.transcript, {}).text, block.transcript, `${file} ${key}`);
        assert.deepEqual(await scanText(block.transcript, `${file}#${key}`), [], `${file} ${key}`);
      }
    }
  });
});

describe('the build-output scan', () => {
  let site: string;
  before(async () => {
    site = await mkdtemp(join(tmpdir(), 'kubia-secret-scan-'));
    await mkdir(join(site, 'notes/leak'), { recursive: true });
    await writeFile(join(site, 'index.html'), `<pre>${ORDINARY_OUTPUT.replace(/</g, '&#x3C;').replace(/"/g, '&quot;')}</pre>`);
    await writeFile(join(site, 'font.woff2'), rsaKeyPem());
  });
  after(() => rm(site, { recursive: true, force: true }));

  it('passes a site without credentials, skipping what it does not publish as text', async () => {
    assert.deepEqual(await failOnPublishedSecrets(site), { files: 1 });
  });

  it('fails naming the file and line of a planted key', async () => {
    const escaped = `<span>&quot;client-key-data&quot;</span>: <span>&quot;${base64(rsaKeyPem())}&quot;</span>`;
    await writeFile(join(site, 'notes/leak/index.html'), `<html>\n<body>\n<pre>${escaped}</pre>\n</body>\n</html>\n`);
    await assert.rejects(failOnPublishedSecrets(site), (error: unknown) => {
      assert.ok(error instanceof PublishedSecretError);
      assert.match(error.message, /notes\/leak\/index\.html:3:\d+ kubia-notes\/private-key/);
      assert.match(error.hint ?? '', /secrets=NAME/);
      return true;
    });
  });
});
