// A plain-text note (the seed's form) brought into MDX: every line kept as prose, a command
// the student wrote in a line (in prose, in a heading, after "명령어 :") proposed as a block
// right after it, and a question (`?`, `p 76`) as a <Question> with an <Answer> to write.
import type { Aliases } from '../../../src/lib/blocks/program.ts';
import { escapeProse } from './mdx-text.ts';
import { proposedBlock } from './proposed-block.ts';
import type { Converted } from './converted.ts';

/** Programs whose name starts a command in prose. */
const PROGRAMS = ['kubectl', 'docker', 'kind', 'curl', 'minikube', 'gcloud', 'helm'];

/** A page the student cites: `p 76`, `p86`, `p.101`. */
const PAGE = /(?:^|[^A-Za-z-])p\.?\s?(\d{1,3})(?!\d)/;

/**
 * The command a line of prose holds, if any: from a program's name to the first Korean word
 * (`이미지 빌드 명령어 : docker build -t kubia .`). A program named in a sentence
 * (`kubectl 명령어를 사용하면`, `kubectl run 명령을 수행하면`) is a mention, not a command.
 */
export function commandInLine(line: string, aliases: Aliases = {}): string | undefined {
  const names = [...PROGRAMS, ...Object.keys(aliases)].map((name) => name.replace(/[-]/g, '\\-')).join('|');
  const match = new RegExp(`(?:^|[\\s'"\`(:])((?:sudo\\s+)?(?:${names})\\s+[^\\s\\p{Script=Hangul}][^\\p{Script=Hangul}]*)`, 'u').exec(line);
  if (!match) return undefined;
  let command = (match[1] as string).replace(/[\s,)]+$/, '');
  // A quote that closes nothing was the sentence's (`'docker run …' 명령어`), not the command's.
  for (const quote of ["'", '"', '`']) if (command.endsWith(quote) && command.split(quote).length % 2 === 0) command = command.slice(0, -1).trimEnd();
  const words = command.split(/\s+/).length;
  const after = line.slice((match.index ?? 0) + match[0].length);
  // `### docker build` names a topic; `kubectl run 명령을 …` names a command in a sentence.
  if (words <= 2 && (/^\s*명령/.test(after) || /^#{1,6}\s/.test(line))) return undefined;
  return words >= 2 ? command : undefined;
}

export function fromText(text: string, aliases: Aliases = {}): Converted {
  const out: string[] = [];
  const checklist: string[] = [];
  let commands = 0;
  const pages = new Set<number>();
  for (const [index, line] of text.replace(/\r\n?/g, '\n').split('\n').entries()) {
    const at = `원본 ${index + 1}행`;
    const heading = /^#{1,6}\s/.test(line);
    const page = PAGE.exec(line)?.[1];
    if (!heading && (line.includes('?') || page)) {
      if (page) pages.add(Number(page));
      out.push('', `<Question${page ? ` page="${page}"` : ''}>${escapeProse(line.trim())}</Question>`, '', '<Answer>', '', '{/* 답을 쓰세요 */}', '', '</Answer>', '');
      checklist.push(`${at}: 질문에 답을 쓰세요 (<Answer>): ${line.trim()}`);
      continue;
    }
    out.push(escapeProse(line));
    const command = commandInLine(line, aliases);
    if (!command) continue;
    commands++;
    const block = proposedBlock(command, aliases);
    out.push('', ...block.lines, '');
    checklist.push(block.why ? `${at}: \`${command}\`는 실행 블록이 아닙니다 (<Note>의 대안을 정하세요)` : `${at}: 제안한 실행 블록 \`${command}\`이 의도한 명령인지, 필요한 파일이 앞에 있는지 확인하세요`);
  }
  return { body: out.join('\n').replace(/\n{3,}/g, '\n\n'), checklist, commands, pages: [...pages].sort((a, b) => a - b) };
}
