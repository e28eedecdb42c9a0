import type { Block } from '../../../src/lib/blocks/block.ts';

/**
 * What a client prints when what it reaches exists but does not answer yet: a Service whose
 * endpoints kube-proxy has not programmed on that node, a name CoreDNS does not serve yet, a
 * load balancer or ingress still taking its address. Such a failure comes and goes from run to
 * run; the cure is a retry in the block, not a new recording.
 */
const NOT_READY = [
  /command terminated with exit code (?:6|7|28|52|56)\b/, // curl in a pod: resolve, connect, timeout, empty reply, reset
  /curl: \((?:6|7|28|52|56)\)[^\n]*/,
  /connection refused/i,
  /could not resolve host[^\n]*/i,
  /no endpoints available for service[^\n]*/i,
  /no such host/i,
  /i\/o timeout/,
  /(?:503|502) (?:Service Unavailable|Bad Gateway)/,
];

/** A hint when a block that does not retry failed the way a not-yet-ready network path fails. */
export function notReadyHint(block: Block, output: string): string | undefined {
  if (block.meta.retryMs !== undefined) return undefined;
  const seen = NOT_READY.map((pattern) => pattern.exec(output)?.[0]).find(Boolean);
  if (!seen) return undefined;
  return `"${seen.trim()}" is what a path that is not ready yet prints (a new Service's endpoints, DNS, an external IP): if the block passes on a second try, give it retry=30s (and until=/…/ for the output it must reach)`;
}
