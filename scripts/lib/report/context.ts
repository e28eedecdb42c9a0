import type { Environment } from '../../../src/lib/store/schema.ts';
import { pinnedEnvironment, type PinnedEnvironment } from '../core/pinned-environment.ts';
import type { FailOn } from '../core/results.ts';

/** What every file report says about where the run ran, beside its verdicts. */
export interface ReportContext {
  /** This run's versions; absent for --static, and when the run stopped before its tools answered. */
  environment?: Environment;
  /** scripts/pinned-environment.json: the versions the recordings are made on. */
  pinned: PinnedEnvironment;
  /** --fail-on: which verdicts make the run (and the report's `ok`) fail. */
  failOn: FailOn;
  /** --shard I/N: this run is one shard of N; a merged report (merge-reports.ts) has `count` alone. */
  shard?: { index?: number; count: number };
}

export function reportContext(environment?: Environment, pinned: PinnedEnvironment = pinnedEnvironment(), failOn: FailOn = 'drift', shard?: ReportContext['shard']): ReportContext {
  return { ...(environment ? { environment } : {}), pinned, failOn, ...(shard ? { shard } : {}) };
}

/**
 * The versions as name/value pairs (JUnit `<property>`s, which CI dashboards can group runs
 * by): what this run used, then the pin. A version the run never asked for is left out.
 */
export function environmentProperties({ environment, pinned }: ReportContext): Array<[name: string, value: string]> {
  const properties: Array<[string, string | undefined]> = [
    ['environment.docker', environment?.docker?.server],
    ['environment.kubernetes', environment?.kubernetes?.server],
    ['environment.kubectl', environment?.kubernetes?.client],
    ['environment.kind', environment?.kind],
    ['pinned.kubernetes', pinned.kubernetes],
    ['pinned.kind', pinned.kind],
  ];
  return properties.filter((property): property is [string, string] => property[1] !== undefined);
}
