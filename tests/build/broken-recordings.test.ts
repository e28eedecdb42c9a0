// What the build does with a recording that must not be published as is: a credential
// planted in it, or a file left in a merge conflict.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { siteCopy } from '../support/site-copy.ts';

const RECORDING = 'content/outputs/week-02.json';

describe('the build and the recordings', { timeout: 240_000 }, () => {
  it('refuses to publish a page that holds a credential, naming file, line and rule', async () => {
    const copy = await siteCopy();
    try {
      const recording = JSON.parse(await copy.read(RECORDING));
      const token = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`;
      // Planted consistently in both forms, as if the masker had let it through.
      recording.blocks['docker-logs'].transcript += `pushed with ${token}\n`;
      recording.blocks['docker-logs'].normalized += `pushed with ${token}\n`;
      await copy.write(RECORDING, JSON.stringify(recording, null, 2));
      const build = await copy.build();
      assert.notEqual(build.code, 0, 'the build fails');
      assert.match(build.output, /notes\/week-02\/index\.html:\d+:\d+ @secretlint\/secretlint-rule-github/);
      assert.ok(!build.output.includes(token), 'the report does not print the credential');
    } finally {
      await copy.dispose();
    }
  });

  it('a recording left in a merge conflict stops the build with the file and the way back', async () => {
    const copy = await siteCopy();
    try {
      const text = await copy.read(RECORDING);
      await copy.write(RECORDING, text.replace('"blocks": {', '<<<<<<< HEAD\n"blocks": {\n=======\n"blocks": {\n>>>>>>> theirs'));
      const build = await copy.build();
      assert.notEqual(build.code, 0);
      assert.match(build.output, /content\/outputs\/week-02\.json: not valid JSON \(it holds merge-conflict markers\)/);
      assert.match(build.output, /hint: restore it with `git checkout -- content\/outputs\/week-02\.json`/);
    } finally {
      await copy.dispose();
    }
  });
});
