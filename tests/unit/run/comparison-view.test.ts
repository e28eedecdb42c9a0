import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparisonFromView, comparisonView } from '../../../src/lib/comparison-view.ts';
import { BoundedOutput } from '../../../scripts/lib/run/bounded-output.ts';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${from + i}`).join('\n');

describe('comparisonView: the comparison form where it differs from the transcript', () => {
  it('a bounded 5 MB output: its 256 KiB are not shown a second time', () => {
    const out = new BoundedOutput(256 * 1024);
    for (let chunk = 0; chunk < 80; chunk++) out.push(Buffer.from(Array.from({ length: 5_000 }, (_, i) => `row ${chunk * 5_000 + i} ${'x'.repeat(50)}\n`).join('')));
    assert.ok(out.omittedBytes > 4_500_000, 'a 5 MB output');
    const transcript = out.text();
    const normalized = normalizeTranscript(transcript, []).text;
    assert.notEqual(normalized, transcript, 'the omitted-bytes line is normalised');
    const parts = comparisonView(transcript, normalized);
    const shown = parts.filter((p) => p.kind === 'shown').map((p) => p.text).join('\n');
    assert.ok(shown.length < 200, `shown: ${shown.length} chars`);
    assert.match(shown, /^… ⟨n⟩ bytes omitted …$/m);
    assert.equal(comparisonFromView(parts, transcript), normalized.replace(/\n$/, ''));
  });

  it('runs of equal lines are named by where they are; short ones and one line of context are shown', () => {
    const transcript = `${lines(10)}\nid abc123\n${lines(2, 11)}\nid def456\n${lines(10, 13)}\n`;
    const normalized = transcript.replace(/abc123|def456/g, '⟨id⟩');
    const parts = comparisonView(transcript, normalized);
    assert.deepEqual(parts, [
      { kind: 'same', from: 1, count: 9 },
      { kind: 'shown', text: 'line 10\nid ⟨id⟩\nline 11\nline 12\nid ⟨id⟩\nline 13' },
      { kind: 'same', from: 16, count: 9 },
    ]);
    assert.equal(comparisonFromView(parts, transcript), normalized.replace(/\n$/, ''));
  });

  it('lines a normaliser removed or added, and a short output, come out whole where needed', () => {
    const transcript = `${lines(8)}\nWARNING: x\n${lines(8, 9)}\n`;
    const normalized = `${lines(8)}\n${lines(8, 9)}\n`;
    const parts = comparisonView(transcript, normalized);
    assert.equal(comparisonFromView(parts, transcript), normalized.replace(/\n$/, ''));
    assert.deepEqual(comparisonView('a 1\n', 'a ⟨n⟩\n'), [{ kind: 'shown', text: 'a ⟨n⟩' }]);
    assert.deepEqual(comparisonView('x\n', ''), [{ kind: 'shown', text: '' }]);
  });
});
