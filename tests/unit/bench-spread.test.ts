import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quantile, spreadOf } from '../../bench/spread.ts';

describe('bench spread: the median of paired rounds and how far they agree', () => {
  it('interpolates between the two nearest rounds, whatever their order', () => {
    assert.equal(quantile([3, 1, 2, 4], 0.5), 2.5);
    assert.deepEqual(spreadOf([1.05, 0.98, 1.01, 1.0, 1.02]), { median: 1.01, q1: 1.0, q3: 1.02, min: 0.98, max: 1.05 });
  });

  it('has no median without rounds', () => {
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });
});
