// A Markdown note brought into MDX: prose kept (escaped for MDX), fenced shell blocks made run
// blocks (transcripts where they have prompts or pasted output: pasted-output.ts reads them),
// and each manifest a command names with `-f` (or a Dockerfile `docker build` reads) written
// as a file block from --files DIR before its first use.
import { basename } from 'node:path';
import type { Aliases } from '../../../src/lib/blocks/program.ts';
import { isCommandLine } from '../../../src/lib/blocks/line-kind.ts';
import { asTranscript, mixesOutput } from '../../../src/lib/blocks/pasted-output.ts';
import { promptOf, withNotePrompts, type Prompts } from '../../../src/lib/blocks/prompts.ts';
import { isTranscript, parseTranscript, transcriptCode } from '../../../src/lib/blocks/transcript.ts';
import { detectedPrompts } from '../../../src/lib/blocks/prompt-like.ts';
import { IdNamer } from '../../../src/lib/blocks/inferred-meta.ts';
import { escapeProse } from './mdx-text.ts';
import { proposedBlock } from './proposed-block.ts';
import { questionLines, questionOf } from './question.ts';
import { CopiedNames, type CopiedName } from './copied-names.ts';
import { withBookChanges, type BlockChange } from './book-changes.ts';
import { bookManifest } from './book-manifests.ts';
import { reachMeta, settleMeta } from './settle.ts';
import type { Converted } from './converted.ts';

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session', 'terminal']);
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

/** The files a block's commands read that a note writes as file blocks: `-f pod.yaml`, `--filename=pod.yaml`. */
export function filesNamed(code: string): string[] {
  return [...code.matchAll(/(?:^|\s)(?:-f|--filename)(?:\s+|=)['"]?([\w./-]+\.(?:ya?ml|json))['"]?/g)].map((m) => (m[1] as string).replace(/^(?:\.\/)+/, ''));
}

/**
 * A link to a file the note writes as a file block (`[kubia-rc.yaml](./kubia-rc.yaml)`) leads
 * nowhere on the site, where the file is a block of the page: its text is kept as code.
 */
export function fileLinksAsText(line: string, files: ReadonlyMap<string, string>): string {
  return line.replace(/(?<!!)\[([^\]]+)\]\((?:\.\/)?([^)\s]+)\)/g, (link, text: string, target: string) => (files.has(target) || files.has(basename(target)) ? `\`${text.replace(/`/g, '')}\`` : link));
}

/** The <Note> beside a block whose copied names were replaced: the author's command kept, and why. */
const copiedNote = (replaced: readonly CopiedName[]) => [
  '',
  '<Note>',
  '',
  ...replaced.map(({ what, name, lookup, command }) =>
    what === 'name'
      ? `원본의 \`${command.split('\n')[0]}\`에서 \`${name}\`는 글쓴이의 출력에서 옮겨 적은 이름입니다. 글쓴이의 클러스터에서 붙은 이름(컨트롤러의 무작위 이름, 클라우드의 노드 이름)이라 지금 클러스터에는 없으므로, 같은 목록에서 지금의 것을 찾는 \`${lookup}\`로 바꿨습니다.`
      : `원본의 \`${command.split('\n')[0]}\`에서 \`${name}\`는 글쓴이의 출력에서 옮겨 적은 주소입니다. 글쓴이의 클러스터가 준 주소(클러스터 IP, 외부 IP, 파드나 노드의 IP)라 지금 클러스터에서는 다르므로, 같은 목록의 같은 칸을 지금 읽는 \`${lookup}\`로 바꿨습니다.`,
  ),
  '',
  '</Note>',
];

/** An attribute's text: a `"` would end it (the words from the first with one are left out, `…`), a backtick would end its code. */
function attribute(command: string): string {
  const words = (command.split('\n')[0] ?? '').replace(/`/g, '').split(' ');
  const quoted = words.findIndex((word) => word.includes('"'));
  return quoted < 0 ? words.join(' ') : `${words.slice(0, quoted).join(' ')} …`;
}

/**
 * A book-era command before the block that runs today's form: in a <BookChange> whose
 * `bookRun` block records the book's form failing, or in a <Note> when today's form is not
 * mechanical (book-changes.ts decides).
 */
function bookChangeLines(change: BlockChange, id: string, proof: string | undefined, lang: string): string[] {
  const fence = change.bookLines.some((l) => l.includes('```')) ? '````' : '```';
  const book = [`${fence}${lang} run id=${id} expect=fail`, ...change.bookLines, fence, ''];
  if (!change.now || !proof) return ['<Note>', '', escapeProse(change.era.why), `아래 \`${id}\` 블록은 책의 명령을 그대로 실행해 지금의 실제 오류를 기록합니다.`, '', '</Note>', '', ...book];
  return [
    `<BookChange book="\`${attribute(change.label?.book ?? change.book)}\`" now="\`${attribute(change.label?.now ?? change.now)}\`" proof="${proof}" bookRun="${id}">`,
    '',
    escapeProse(change.era.why),
    `아래 \`${id}\` 블록은 책의 명령을 그대로 실행해 지금의 실제 오류를 기록하고, 그다음 \`${proof}\` 블록이 지금의 형태를 실행합니다.`,
    '',
    '</BookChange>',
    '',
    ...book,
  ];
}

const langOf = (name: string) => (/\.json$/.test(name) ? 'json' : /dockerfile/i.test(name) ? 'dockerfile' : /\.ya?ml$/.test(name) ? 'yaml' : 'text');

/** A file of --files as the file block that writes it. */
function fileBlock(name: string, content: string): string[] {
  const fenceMark = content.includes('```') ? '````' : '```';
  return [`${fenceMark}${langOf(name)} file=${name}`, ...content.replace(/\n$/, '').split('\n'), fenceMark, ''];
}

/**
 * The aliases an original defines in its blocks, as a shell function that passes its
 * arguments on (`kc() { kubectl "$@"; }`) or an alias (`alias k=kubectl`): the note declares
 * them once in its front matter, so every block (and the block model) knows them.
 */
export function definedAliases(original: string, prompts: Prompts = withNotePrompts([])): Record<string, string> {
  const text = original.split('\n').map((line) => promptOf(line, prompts)?.command ?? line).join('\n');
  const aliases: Record<string, string> = {};
  const functions = /^[^\S\n]*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)\s*\{\s*([\w./-]+(?:[^\S\n]+[\w./=-]+)*)\s+"\$@";?\s*\}/gm;
  const plain = /^[^\S\n]*alias\s+([A-Za-z_][\w-]*)=(['"]?)([\w./-]+(?:[^\S\n]+[\w./=-]+)*)\2\s*$/gm;
  for (const m of text.matchAll(functions)) aliases[m[1] as string] = m[2] as string;
  for (const m of text.matchAll(plain)) aliases[m[1] as string] = m[3] as string;
  return aliases;
}

/**
 * `files` maps a file name to its text (from --files DIR). What the author must still decide
 * goes to the checklist, at the original's line.
 */
export function fromMarkdown(text: string, files: ReadonlyMap<string, string>): Converted {
  const own = detectedPrompts(text, new Set(Object.keys(definedAliases(text))));
  const prompts = withNotePrompts(own);
  const aliases: Aliases = definedAliases(text, prompts);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const checklist: string[] = [];
  const written = new Set<string>();
  const names = new CopiedNames(files.values(), aliases);
  const pages = new Set<number>();
  let commands = 0;
  let i = 0;
  // A Markdown front matter is the original's, not the note's: the note has its own.
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, n) => n > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end > 0) i = end + 1;
  }
  const bookIds = new IdNamer([]);
  /** The block's book-era commands (book-changes.ts): what goes before it, and what it runs; undefined when none or not runnable either way. */
  const bookEra = (code: string, shellLang: string, given: string | undefined) => {
    const read = isTranscript(code, prompts) ? parseTranscript(code, 0, prompts) : undefined;
    const { code: fixed, changes } = withBookChanges(code, read, aliases);
    if (!changes.length) return undefined;
    const hasCommands = (isTranscript(fixed, prompts) ? transcriptCode(parseTranscript(fixed, 0, prompts)) : fixed).trim() !== '';
    if (hasCommands && proposedBlock(fixed, aliases, shellLang, '', prompts).why) return undefined;
    const books = changes.map((change) => ({ change, id: bookIds.next(`book-${change.era.key}`), block: proposedBlock(change.bookLines.join('\n'), aliases, shellLang, '', prompts) }));
    if (books.some((b) => b.block.why)) return undefined;
    const proof = given ?? (changes.some((c) => c.now) && hasCommands ? bookIds.next(`now-${(changes.find((c) => c.now) as BlockChange).era.key}`) : undefined);
    return { code: fixed, changes, hasCommands, proof, lines: books.flatMap(({ change, id }) => bookChangeLines(change, id, proof, shellLang)) };
  };
  while (i < lines.length) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (!fence) {
      const question = questionOf(line);
      if (question?.page) pages.add(question.page);
      if (question) checklist.push(`원본 ${i + 1}행: 질문에 답을 쓰세요 (<Answer>): ${line.trim()}`);
      out.push(...(question ? questionLines(fileLinksAsText(line, files), question.page) : [escapeProse(fileLinksAsText(line, files))]));
      i++;
      continue;
    }
    const [, indent = '', marker = '```', lang = ''] = fence;
    const start = i;
    const body: string[] = [];
    i++;
    // Bounded by the original's lines; an unclosed fence runs to the end, as Markdown reads it.
    while (i < lines.length && !(lines[i]?.trim().startsWith(marker) && lines[i]?.trim().replace(/[`~]/g, '') === '')) body.push((lines[i++] as string).slice(indent.length));
    i++;
    const code = body.join('\n');
    const at = `원본 ${start + 1}행`;
    const shell = SHELL_LANGS.has(lang.toLowerCase()) || (lang === '' && (isTranscript(code, prompts) || isCommandLine(body.find((l) => l.trim()) ?? '', aliases)));
    if (!shell) {
      out.push(line, ...body.map((l) => indent + l), indent + marker);
      continue;
    }
    const read = isTranscript(code, prompts) ? code : mixesOutput(code, aliases, prompts) ? asTranscript(code, aliases, prompts) : code;
    const copied = names.rewrite(read);
    // A command that cannot run anyway (`exec -it`) keeps the author's names.
    const replaced = copied.replaced.length && !proposedBlock(copied.text, aliases, 'sh', '', prompts).why ? copied.replaced : [];
    const transcript = replaced.length ? copied.text : read;
    const runs = isTranscript(transcript, prompts) ? transcriptCode(parseTranscript(transcript, 0, prompts)) : transcript;
    /** The id this block gets when a <BookChange> before it names it as its proof. */
    let proof: string | undefined;
    for (const name of filesNamed(runs)) {
      if (written.has(name)) continue;
      const content = files.get(name) ?? files.get(basename(name));
      if (content === undefined) {
        checklist.push(`${at}: \`${name}\`을(를) 쓰는 명령이 있습니다. --files DIR에 넣거나 \`\`\`yaml file=${name} 블록을 앞에 쓰세요`);
        continue;
      }
      written.add(name);
      const manifest = bookManifest(content);
      if (manifest) {
        // The book's manifest is written beside today's and checked by the API server without
        // creating anything (`--dry-run=server`), so its real refusal is recorded.
        const bookFile = `book-${basename(name)}`;
        const bookRun = bookIds.next(`book-${manifest.changes[0]?.era.key}`);
        proof ??= bookIds.next(`now-${manifest.changes[0]?.era.key}`);
        const what = manifest.changes.map((c) => `\`apiVersion: ${c.book}\` (${c.kind})`).join(', ');
        const now = [...new Set(manifest.changes.map((c) => `\`apiVersion: ${c.era.now}\``))].join(', ');
        out.push(`<BookChange book="${what}" now="${now}" proof="${proof}" bookRun="${bookRun}">`, '', ...new Set(manifest.changes.map((c) => c.era.why)), `책의 매니페스트는 \`${bookFile}\`로 그대로 두고, \`${name}\`는 지금의 형태입니다.`, '', '</BookChange>', '');
        out.push(...fileBlock(bookFile, content), `\`\`\`sh run id=${bookRun} expect=fail`, `kubectl create --dry-run=server -f ${bookFile}`, '```', '');
        checklist.push(`${at}: \`${name}\`의 ${what}는 지금 없는 API 버전이라 ${now}로 바꿔 썼습니다(책의 것은 \`${bookFile}\`, 실패 기록 \`${bookRun}\`). 바뀐 필드를 보세요`);
      }
      out.push(...fileBlock(name, manifest ? manifest.now : content));
    }
    if (/(?:^|\s)docker\s+build\b/.test(runs) && !written.has('Dockerfile')) {
      const dockerfile = files.get('Dockerfile');
      if (dockerfile !== undefined) {
        written.add('Dockerfile');
        out.push('```dockerfile file=Dockerfile', ...dockerfile.replace(/\n$/, '').split('\n'), '```', '');
      } else checklist.push(`${at}: \`docker build\`가 읽는 Dockerfile(과 앱 파일)을 --files DIR에 넣거나 file= 블록으로 앞에 쓰세요`);
    }
    const shellLang = SHELL_LANGS.has(lang) && ['sh', 'bash', 'shell', 'console'].includes(lang) ? lang : 'sh';
    const era = bookEra(transcript, shellLang, proof);
    const runsNow = era ? era.code : transcript;
    const commandsNow = isTranscript(runsNow, prompts) ? parseTranscript(runsNow, 0, prompts) : undefined;
    const settle = (commandsNow ? settleMeta(commandsNow, aliases) : '') || reachMeta(commandsNow ? transcriptCode(commandsNow) : runsNow, aliases);
    const block = era && !era.hasCommands ? undefined : proposedBlock(runsNow, aliases, shellLang, (era?.proof ?? proof ? ` id=${era?.proof ?? proof}` : '') + settle, prompts);
    if (settle && block && !block.why) {
      checklist.push(settle.includes('until=') ? `${at}: 붙여 둔 표의 상태가 될 때까지 기다리도록 \`${settle.trim()}\`를 붙였습니다. 글쓴이가 기다린 상태가 맞는지 보세요` : `${at}: 서버에 닿는 명령이라, 막 만든 서비스·DNS·외부 IP가 아직 응답하지 않으면 다시 시도하도록 \`${settle.trim()}\`를 붙였습니다`);
    }
    commands++;
    if (era) {
      out.push(...era.lines.map((l) => (l ? indent + l : l)));
      for (const change of era.changes) checklist.push(`${at}: 책의 \`${change.label?.book ?? change.book.split('\n')[0]}\`는 지금의 kubectl에서 실패합니다. 실패를 기록하는 블록(expect=fail)으로 두고 ${change.now ? `지금의 형태 \`${change.label?.now ?? change.now.split('\n')[0]}\`를 실행하게 했습니다. 같은 일을 하는지 보세요` : '지금의 형태는 정해지지 않았습니다. <Note>를 보고 이어 갈 명령을 정하세요'}`);
    }
    if (!block) continue;
    out.push(...block.lines.map((l) => (l ? indent + l : l)));
    if (replaced.length) out.push(...copiedNote(replaced));
    for (const { what, name, lookup } of new Map(replaced.map((r) => [r.name, r])).values()) checklist.push(`${at}: \`${name}\`는 글쓴이의 출력에서 옮긴 ${what === 'name' ? '이름이라' : '주소라'} \`${lookup}\`로 바꿨습니다. 원하는 대상을 고르는지 보세요`);
    if (block.why) checklist.push(`${at}: 이 블록은 실행 블록이 아닙니다 (<Note>의 대안을 정하세요)`);
    else if (read !== code) checklist.push(`${at}: 프롬프트 없는 블록을 터미널 기록으로 읽었습니다. 명령(\`$ \`)과 출력이 맞게 나뉘었는지 보세요`);
  }
  if (own.length) checklist.unshift(`원본의 프롬프트 ${own.map((p) => `\`${p}\``).join(', ')}를 프런트매터 prompts:에 적었습니다. 터미널 프롬프트가 맞는지 보세요`);
  return { body: out.join('\n'), checklist, commands, pages: [...pages].sort((a, b) => a - b), aliases, ...(own.length ? { prompts: own } : {}) };
}
