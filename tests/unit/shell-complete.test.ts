// When bash would ask for more (its `> ` prompt) and when a command typed so far is complete:
// what decides whether a `> ` line after a prompt is a continuation or pasted output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeness } from '../../src/lib/blocks/shell-complete.ts';

describe('completeness of a command for bash', () => {
  it('complete: commands as books and notes type them', () => {
    for (const text of [
      'echo hi',
      'kubectl get po -o wide',
      "kubectl get po -o jsonpath='{.items[*].metadata.name}'",
      'docker run -d -p 8080:8080 --name kubia-container kubia',
      'kubectl exec kubia-x -- curl -s http://10.111.249.153',
      'pod=$(kubectl get po -o name | head -1)',
      'echo "$(date) done" > out.txt',
      'kubectl get po | grep kubia || true',
      'sleep 1 &',
      'echo $((1 + (2 * 3)))',
      'for i in 1 2 3; do curl -s localhost:8080; done',
      'if kubectl get ns x; then echo yes; else echo no; fi',
      'cat <<EOF > a.yaml\nkind: Pod\nEOF',
      'kubectl run kubia --image=luksa/kubia \\\n  --port=8080',
      "echo 'it''s'",
      'echo "a \\" b"',
      'echo hi # a comment with \'quote',
      'kc() { kubectl "$@"; }',
      'diff <(echo a) <(echo b)',
      'echo a\\\\',
      'grep -c a <<< "$x"',
      'cat <<<hello',
    ]) {
      assert.equal(completeness(text), 'complete', text);
    }
  });

  it('incomplete: a trailing `\\`, `|`, `&&`, `||`, an open quote, `$(`, here-document or compound command', () => {
    for (const text of [
      'kubectl run kubia \\',
      'kubectl get po |',
      'kubectl get po &&',
      'kubectl get po ||',
      'kubectl get po | # then grep',
      'echo "one',
      "kubectl patch pod x -p '{",
      'echo it\'s',
      'pod=$(kubectl get po \\\n  -o name',
      'pod=$(kubectl get po',
      'cat <<EOF > a.yaml\nkind: Pod',
      "cat <<-'END'",
      'for i in 1 2 3; do',
      'for i in 1 2 3\ndo\n  echo $i',
      'if true; then',
      'while true; do sleep 1; done &&',
      'f() {',
      'kc()',
      'echo "${HOME',
      'echo `date',
    ]) {
      assert.equal(completeness(text), 'incomplete', text);
    }
  });

  it('unsure where its grammar ends: case patterns, a closer it did not see open', () => {
    for (const text of ['case $x in\na) echo a;;\nesac', 'done', 'echo a )']) assert.equal(completeness(text), 'unsure', text);
  });
});
