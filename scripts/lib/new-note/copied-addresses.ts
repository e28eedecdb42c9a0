// An address the author copied from their own listing (`curl http://10.111.249.153` after pasting
// `kubectl get svc`) was given by their cluster: ours gives another. new-note reads the listing's
// table the way kubectl prints it (columns start where their headers start), and for each address
// in an address column keeps a lookup of the same cell today: the same object, the same field.
import { readTables } from '../../../src/lib/normalize/table.ts';

/** The field behind each address column of `kubectl get <kind>` (`-o wide` included). */
const FIELDS: Record<string, Record<string, (name: string, row: number) => string>> = {
  service: {
    'CLUSTER-IP': (name) => `$(kubectl get svc ${name} -o jsonpath='{.spec.clusterIP}')`,
    'EXTERNAL-IP': (name) => `$(kubectl get svc ${name} -o jsonpath='{.status.loadBalancer.ingress[0].ip}')`,
  },
  pod: {
    IP: (name) => `$(kubectl get pod ${name} -o jsonpath='{.status.podIP}')`,
  },
  node: {
    // Nodes by row: their names are the cloud's (gke-kubia-…), their order is the listing's.
    'INTERNAL-IP': (_, row) => `$(kubectl get nodes -o jsonpath='{.items[${row}].status.addresses[?(@.type=="InternalIP")].address}')`,
    'EXTERNAL-IP': (_, row) => `$(kubectl get nodes -o jsonpath='{.items[${row}].status.addresses[?(@.type=="ExternalIP")].address}')`,
  },
  ingress: {
    ADDRESS: (name) => `$(kubectl get ingress ${name} -o jsonpath='{.status.loadBalancer.ingress[0].ip}')`,
  },
};

/** kubectl's short and plural names of the kinds above. */
const KINDS: Record<string, keyof typeof FIELDS> = {
  svc: 'service', service: 'service', services: 'service',
  po: 'pod', pod: 'pod', pods: 'pod',
  no: 'node', node: 'node', nodes: 'node',
  ing: 'ingress', ingress: 'ingress', ingresses: 'ingress',
};

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/**
 * The addresses of a pasted `kubectl get <kind>` table (read as the normaliser reads tables:
 * cells start where their headers start), each with the lookup of its cell today. `nameOf`
 * gives the name to look an object up by (a generated pod name becomes its own lookup).
 */
export function copiedAddresses(kind: string, pasted: string, nameOf: (name: string) => string): Map<string, string> {
  const found = new Map<string, string>();
  const fields = FIELDS[KINDS[kind] ?? ''];
  if (!fields) return found;
  for (const table of readTables(pasted.split('\n'), (title) => title in fields)) {
    if (table.columns[0]?.title !== 'NAME') continue;
    table.rows.filter((row) => !row.rule).forEach((row, n) => {
      const name = (row.cells[0]?.text ?? '').replace(/^[\w.]+\//, '');
      table.columns.forEach((column, i) => {
        const lookup = fields[column.title];
        const value = row.cells[i]?.text ?? '';
        if (lookup && name && IPV4.test(value)) found.set(value, lookup(nameOf(name), n));
      });
    });
  }
  return found;
}

/** `address` as a whole address, not part of a longer one (10.96.0.1 is not in 10.96.0.10). */
const wholeAddress = (address: string) => new RegExp(`(?<![\\d.])${address.replace(/\./g, '\\.')}(?!\\d|\\.\\d)`, 'g');

/** Does `text` (a file the note writes, a command of its own) hold `address`? Then it is the note's, not copied. */
export const mentions = (text: string, address: string) => wholeAddress(address).test(text);

/** Where `address` stands in `line` as a whole address, outside single quotes; undefined when nowhere. */
export function addressAt(line: string, address: string): RegExp | undefined {
  const pattern = wholeAddress(address);
  for (const match of line.matchAll(pattern)) {
    // Inside '…' a $(…) would not run: such a command keeps the author's address.
    if ((line.slice(0, match.index).match(/'/g)?.length ?? 0) % 2 === 1) return undefined;
  }
  return mentions(line, address) ? pattern : undefined;
}
