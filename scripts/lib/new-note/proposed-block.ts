// What `new-note` proposes for a command the student wrote: a run block when a session on the
// kind cluster can run it, otherwise the command as a plain block with a <Note> saying why and
// what the note could run instead. The block model's own checks decide (block-commands.ts),
// so a proposal never holds what `--static` would refuse.
import { commandProblems } from '../../../src/lib/blocks/block-commands.ts';
import type { Aliases } from '../../../src/lib/blocks/program.ts';
import { programWords } from '../../../src/lib/blocks/program.ts';
import { commandsOf } from '../../../src/lib/blocks/shell-words.ts';
import { parseRunMeta } from '../../../src/lib/blocks/meta.ts';
import { isTranscript, parseTranscript, transcriptCode } from '../../../src/lib/blocks/transcript.ts';
import { escapeProse } from './mdx-text.ts';

/** Programs that need another cluster than the kind cluster the runner gives, and what to run instead. */
const OTHER_CLUSTERS: Readonly<Record<string, string>> = {
  gcloud: '`gcloud`는 구글 클라우드(GKE)에 클러스터를 만듭니다. 이 사이트는 kind 클러스터에서 실행하므로 실행 블록으로 두지 않았습니다. 대신 `kubectl get nodes`로 kind 클러스터의 노드를 볼 수 있습니다.',
  minikube: '`minikube`는 자기 클러스터를 띄웁니다. 이 사이트는 kind 클러스터에서 실행하므로 실행 블록으로 두지 않았습니다. 대신 `kubectl cluster-info`로 kind 클러스터를 볼 수 있습니다.',
};

/** Placeholders a reader fills in (`docker stop ~`, `<pod>`, `…`): not a command as written. */
const PLACEHOLDER = /(?:^|\s)~(?:\s|$)|<[^<>]+>|…|\.\.\./;

/** Why the command cannot be a run block, in Korean for the note; undefined when it can. */
export function whyNotRunnable(code: string, aliases: Aliases = {}): string | undefined {
  for (const command of commandsOf(code)) {
    const program = programWords(command, aliases)[0] ?? '';
    if (Object.hasOwn(OTHER_CLUSTERS, program)) return OTHER_CLUSTERS[program];
  }
  if (PLACEHOLDER.test(code)) return '명령에 채워 넣을 자리(`~`, `<…>`, `…`)가 있어 그대로는 실행할 수 없습니다. 실제 이름을 넣고 블록을 `sh run`으로 바꾸세요.';
  const meta = parseRunMeta('run');
  if (!meta) return undefined;
  const [problem] = commandProblems({ kind: 'run', code, meta, source: 'new-note', line: 0 }, aliases);
  if (!problem) return undefined;
  // The block model's hint names what to run instead; its first example is shown in the note.
  const example = /`([^`]+)`/.exec(problem.hint)?.[1];
  const instead = example ? ` 대신 실행할 수 있는 것: \`${example}\`.` : '';
  if (/terminal/.test(problem.message)) return `터미널이 필요한 명령(\`-it\`)이라 블록에서 실행할 수 없습니다(블록은 터미널 없이 실행됩니다).${instead}`;
  if (/editor/.test(problem.message)) return `편집기를 여는 명령이라 블록에서 실행할 수 없습니다.${instead}`;
  return `그대로는 블록에서 실행할 수 없습니다(끝나지 않거나 입력을 기다립니다).${instead}`;
}

/** The lines of a block for `code`: a run block, or a plain block and its <Note>. `why` says which. */
export function proposedBlock(code: string, aliases: Aliases = {}, lang = 'sh'): { lines: string[]; why?: string } {
  const why = whyNotRunnable(isTranscript(code) ? transcriptCode(parseTranscript(code, 0)) : code, aliases);
  const fence = code.includes('```') ? '````' : '```';
  if (!why) return { lines: [`${fence}${lang} run`, ...code.split('\n'), fence] };
  return { lines: [`${fence}${lang}`, ...code.split('\n'), fence, '', '<Note>', '', escapeProse(why), '', '</Note>'], why };
}
