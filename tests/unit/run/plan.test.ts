import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planNote } from '../../../scripts/lib/run/plan.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

const blocks = noteBlocks(
  fence('run id=build needs=docker', 'docker build .'),
  fence('file=pod.yaml', 'kind: Pod', 'yaml'),
  fence('run id=ps needs=docker', 'docker ps'),
  fence('run id=apply needs=kind', 'kubectl apply -f pod.yaml'),
  fence('run id=logs needs=docker', 'docker logs x'),
  fence('run id=get needs=kind', 'kubectl get pods'),
  fence('run id=k8s-clean needs=kind cleanup', 'kubectl delete pod x'),
  fence('run id=docker-clean needs=docker cleanup', 'docker rm -f x'),
);
const roles = (plan: ReturnType<typeof planNote>) => Object.fromEntries(plan.steps.map(({ block, role }) => [block.key, role.kind === 'skip' ? `skip: ${role.reason}` : role.kind]));

describe('planNote', () => {
  it('checks everything on a full run, cleanup last', () => {
    const plan = planNote(blocks, { blocks: [] });
    assert.equal(plan.full, true);
    assert.deepEqual(plan.steps.map((s) => s.block.key).slice(-2), ['k8s-clean', 'docker-clean']);
    assert.ok(plan.steps.filter((s) => s.block.kind === 'run').every((s) => s.role.kind === 'check'));
    assert.deepEqual([...plan.needs].sort(), ['docker', 'kind']);
  });

  it('--block runs what comes before it unchecked and nothing after it', () => {
    const plan = planNote(blocks, { blocks: ['ps'] });
    assert.equal(plan.full, false);
    assert.deepEqual(roles(plan), {
      build: 'prerequisite',
      'file:pod.yaml': 'prerequisite',
      ps: 'check',
      apply: 'skip: filtered out',
      logs: 'skip: filtered out',
      get: 'skip: filtered out',
      'k8s-clean': 'skip: nothing it cleans up ran',
      'docker-clean': 'prerequisite',
    });
  });

  it('--needs docker skips a docker block that comes after a kind block, saying why', () => {
    const plan = planNote(blocks, { blocks: [], needs: ['docker'] });
    const r = roles(plan);
    assert.equal(r.build, 'check');
    assert.equal(r.ps, 'check');
    assert.equal(r.apply, 'skip: filtered out');
    assert.match(r.logs ?? '', /^skip: apply \(line \d+\) runs before it and needs kind/);
    assert.deepEqual([...plan.needs], ['docker']);
  });

  it('--block of a kind block runs the docker blocks before it as prerequisites', () => {
    const r = roles(planNote(blocks, { blocks: ['get'] }));
    assert.deepEqual([r.build, r.ps, r.apply, r.logs, r.get], ['prerequisite', 'prerequisite', 'prerequisite', 'prerequisite', 'check']);
  });

  it('selects nothing when no block matches', () => {
    const plan = planNote(noteBlocks(fence('run id=a needs=kind', 'kubectl version')), { blocks: [], needs: ['docker'] });
    assert.equal(plan.needs.size, 0);
    assert.deepEqual(roles(plan), { a: 'skip: filtered out' });
  });
});
