import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputDiff, outputsMatch } from '../../src/lib/compare.ts';

describe('outputsMatch', () => {
  it('ignores column padding but nothing else', () => {
    assert.ok(outputsMatch('NAME    READY\nkubia   1/1\n', 'NAME  READY\nkubia  1/1'));
    assert.ok(!outputsMatch('kubia 1/1', 'kubia 0/1'));
    assert.ok(!outputsMatch('a b', 'ab'));
  });
});

describe('outputDiff', () => {
  it('is a unified diff labelled with the block place', () => {
    const diff = outputDiff('Hello there\n', 'Hello world\n', 'n.mdx:7');
    assert.equal(diff, '--- n.mdx:7 (recorded)\n+++ n.mdx:7 (now)\n@@ -1,1 +1,1 @@\n-Hello there\n+Hello world');
  });
});
