// A small web server in pods for the cluster tests: busybox httpd answering one line, its image
// loaded into the kind nodes first (no registry needed where Docker already has busybox).
import { fence } from './blocks.ts';

/** The block that puts busybox into the nodes of the run's kind cluster. */
export const loadBusybox = fence('run id=load needs=docker,kind timeout=120s', 'docker image inspect busybox > /dev/null 2>&1 || docker pull -q busybox > /dev/null\nkind load docker-image busybox --name "$KIND_CLUSTER" > /dev/null 2>&1');

/** YAML lines of a Deployment `name` whose pods (label app=name) answer `text` on port 8080. */
export function webDeployment(name: string, text: string): string[] {
  const web = `mkdir -p /www && echo "${text}" > /www/index.html && exec httpd -f -p 8080 -h /www`;
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}}`,
    'spec:',
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    `      containers: [{name: ${name}, image: busybox, imagePullPolicy: IfNotPresent, command: [sh, -c, ${JSON.stringify(web)}]}]`,
  ];
}
