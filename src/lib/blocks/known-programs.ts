// The programs a note's block may start a line with, and bash's own words: one list for the
// reading of a block without prompts (line-kind.ts), its refusal before running and
// --fix-prompts. A program missing here is not refused for it (line-kind.ts): a line is only
// output when it has the shape of output.
import { promptOf, type Prompts } from './prompts.ts';

/** Programs notes on containers and Kubernetes run, and the everyday tools around them. */
export const PROGRAMS: ReadonlySet<string> = new Set(
  (
    'bash sh zsh kubectl docker kind curl wget helm minikube gcloud kubeadm crictl podman git make npm node python python3 go java ' +
    'echo printf cat tee ls cp mv rm mkdir rmdir touch ln chmod chown pwd which env sudo timeout nohup setsid sleep kill pkill pgrep ' +
    'grep egrep sed awk cut tr sort uniq head tail wc xargs find diff base64 jq yq openssl ssh scp tar gzip gunzip zip unzip ' +
    'ps top df du free uname hostname whoami id date nslookup dig host ping nc netstat ss ip ifconfig watch less more vi vim nano clear'
  ).split(' '),
);

/** Bash's builtins and reserved words: `cd`, `export`, `for`, `{`. */
export const SHELL_WORDS: ReadonlySet<string> = new Set(
  (
    ': . [ [[ alias bg bind break builtin caller cd command compgen complete continue declare dirs disown enable eval exec exit ' +
    'export false fc fg getopts hash help history jobs let local logout mapfile popd pushd read readarray readonly return set shift ' +
    'shopt source suspend test times trap true type typeset ulimit umask unalias unset wait ' +
    'if then elif else fi for while until do done case esac function select time coproc { } ( ) !'
  ).split(' '),
);

/** The functions and aliases a block's code defines itself (`dk() { docker "$@"; }`, `alias k=kubectl`). */
export function definedNames(code: string): string[] {
  return [...code.matchAll(/^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)|^\s*alias\s+([A-Za-z_][\w-]*)=/gm)].map((m) => (m[1] ?? m[2]) as string);
}

/** The functions and aliases any code block of a note defines, behind a prompt or not (`$ kc() { kubectl "$@"; }`). */
export const namesDefinedIn = (codes: readonly string[], prompts: Prompts): string[] =>
  codes.flatMap((code) => definedNames(code.split('\n').map((line) => promptOf(line, prompts)?.command ?? line).join('\n')));
