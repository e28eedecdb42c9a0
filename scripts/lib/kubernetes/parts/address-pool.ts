// The addresses MetalLB may hand to LoadBalancer services: a range inside kind's Docker network,
// where the host reaches them through the network's bridge (nothing leaves this machine). Read
// from the network at run time, never a fixed guess: Docker picks kind's subnet per machine.
import { execBounded } from '../../core/exec.ts';
import { SetupError } from '../../core/user-error.ts';

/** kind's Docker network: every node of every kind cluster is on it. */
export const KIND_NETWORK = 'kind';

export interface AddressPool {
  /** The IPv4 subnet of the network the range lies in, e.g. 172.18.0.0/16. */
  subnet: string;
  /** First and last address of the range, e.g. 172.18.255.200 and 172.18.255.250. */
  first: string;
  last: string;
}

const toNumber = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * .200 to .250 of the subnet's last /24 (172.18.255.200–250 of 172.18.0.0/16): Docker hands
 * container addresses out from the bottom, so the top stays free, and the gateway (.1) is never in it.
 * Throws for a network with no IPv4 subnet of at least 256 addresses.
 */
export function addressPoolOf(subnets: readonly string[]): AddressPool {
  for (const subnet of subnets) {
    const match = IPV4_CIDR.exec(subnet.trim());
    if (!match || match.slice(1, 5).some((part) => Number(part) > 255)) continue;
    const prefix = Number(match[5]);
    if (prefix > 24) continue;
    const size = 2 ** (32 - prefix);
    const network = toNumber(match.slice(1, 5).join('.')) - (toNumber(match.slice(1, 5).join('.')) % size);
    const lastBlock = network + size - 256;
    return { subnet: `${toIp(network)}/${prefix}`, first: toIp(lastBlock + 200), last: toIp(lastBlock + 250) };
  }
  throw new Error(`no IPv4 subnet of /24 or larger among ${subnets.length ? subnets.join(', ') : 'none'}`);
}

/** The pool on this engine's kind network (it exists once a kind cluster was made). */
export async function kindAddressPool(): Promise<AddressPool> {
  const inspect = await execBounded('docker', ['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}} {{end}}', KIND_NETWORK], { timeoutMs: 30_000 });
  const hint = 'the load balancer takes its addresses from kind\'s Docker network: `docker network inspect kind` shows its subnets; recreate the cluster if the network is gone';
  if (inspect.exitCode !== 0) throw new SetupError(`Docker network ${KIND_NETWORK} cannot be read: ${(inspect.stderr || inspect.stdout).trim()}`, hint);
  try {
    return addressPoolOf(inspect.stdout.split(/\s+/).filter(Boolean));
  } catch (error) {
    throw new SetupError(`Docker network ${KIND_NETWORK} has no room for load balancer addresses: ${(error as Error).message}`, hint, { cause: error });
  }
}
