// A Markdown note brought into MDX: prose kept (escaped for MDX), fenced shell blocks made run
// blocks (transcripts where they have prompts or pasted output: pasted-output.ts reads them),
// and each manifest a command names with `-f` (or a Dockerfile `docker build` reads) written
// as a file block from --files DIR before its first use.
import { basename } from 'node:path';
import type { Aliases } from '../../../src/lib/blocks/program.ts';
import { asTranscript, isCommandLine, mixesOutput } from '../../../src/lib/blocks/pasted-output.ts';
import { isTranscript, parseTranscript, transcriptCode } from '../../../src/lib/blocks/transcript.ts';
import { escapeProse } from './mdx-text.ts';
import { proposedBlock } from './proposed-block.ts';
import type { Converted } from './converted.ts';

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session', 'terminal']);
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

/** The files a block's commands read that a note writes as file blocks: `-f pod.yaml`, `--filename=pod.yaml`. */
export function filesNamed(code: string): string[] {
  return [...code.matchAll(/(?:^|\s)(?:-f|--filename)(?:\s+|=)['"]?([\w./-]+\.(?:ya?ml|json))['"]?/g)].map((m) => (m[1] as string).replace(/^(?:\.\/)+/, ''));
}

const langOf = (name: string) => (/\.json$/.test(name) ? 'json' : /dockerfile/i.test(name) ? 'dockerfile' : /\.ya?ml$/.test(name) ? 'yaml' : 'text');

/**
 * The aliases an original defines in its blocks, as a shell function that passes its
 * arguments on (`kc() { kubectl "$@"; }`) or an alias (`alias k=kubectl`): the note declares
 * them once in its front matter, so every block (and the block model) knows them.
 */
export function definedAliases(text: string): Record<string, string> {
  const aliases: Record<string, string> = {};
  const functions = /^[^\S\n]*(?:(?:\$|bash>|❯) )?(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)\s*\{\s*([\w./-]+(?:[^\S\n]+[\w./=-]+)*)\s+"\$@";?\s*\}/gm;
  const plain = /^[^\S\n]*(?:(?:\$|bash>|❯) )?alias\s+([A-Za-z_][\w-]*)=(['"]?)([\w./-]+(?:[^\S\n]+[\w./=-]+)*)\2\s*$/gm;
  for (const m of text.matchAll(functions)) aliases[m[1] as string] = m[2] as string;
  for (const m of text.matchAll(plain)) aliases[m[1] as string] = m[3] as string;
  return aliases;
}

/**
 * `files` maps a file name to its text (from --files DIR). What the author must still decide
 * goes to the checklist, at the original's line.
 */
export function fromMarkdown(text: string, files: ReadonlyMap<string, string>): Converted {
  const aliases: Aliases = definedAliases(text);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const checklist: string[] = [];
  const written = new Set<string>();
  let commands = 0;
  let i = 0;
  // A Markdown front matter is the original's, not the note's: the note has its own.
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, n) => n > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end > 0) i = end + 1;
  }
  while (i < lines.length) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (!fence) {
      out.push(escapeProse(line));
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
    const shell = SHELL_LANGS.has(lang.toLowerCase()) || (lang === '' && (isTranscript(code) || isCommandLine(body.find((l) => l.trim()) ?? '', aliases)));
    if (!shell) {
      out.push(line, ...body.map((l) => indent + l), indent + marker);
      continue;
    }
    const transcript = isTranscript(code) ? code : mixesOutput(code, aliases) ? asTranscript(code, aliases) : code;
    const runs = isTranscript(transcript) ? transcriptCode(parseTranscript(transcript, 0)) : transcript;
    for (const name of filesNamed(runs)) {
      if (written.has(name)) continue;
      const content = files.get(name) ?? files.get(basename(name));
      if (content === undefined) {
        checklist.push(`${at}: \`${name}\`을(를) 쓰는 명령이 있습니다. --files DIR에 넣거나 \`\`\`yaml file=${name} 블록을 앞에 쓰세요`);
        continue;
      }
      written.add(name);
      const fenceMark = content.includes('```') ? '````' : '```';
      out.push(`${fenceMark}${langOf(name)} file=${name}`, ...content.replace(/\n$/, '').split('\n'), fenceMark, '');
    }
    if (/(?:^|\s)docker\s+build\b/.test(runs) && !written.has('Dockerfile')) {
      const dockerfile = files.get('Dockerfile');
      if (dockerfile !== undefined) {
        written.add('Dockerfile');
        out.push('```dockerfile file=Dockerfile', ...dockerfile.replace(/\n$/, '').split('\n'), '```', '');
      } else checklist.push(`${at}: \`docker build\`가 읽는 Dockerfile(과 앱 파일)을 --files DIR에 넣거나 file= 블록으로 앞에 쓰세요`);
    }
    const block = proposedBlock(transcript, aliases, SHELL_LANGS.has(lang) && ['sh', 'bash', 'shell', 'console'].includes(lang) ? lang : 'sh');
    commands++;
    out.push(...block.lines.map((l) => (l ? indent + l : l)));
    if (block.why) checklist.push(`${at}: 이 블록은 실행 블록이 아닙니다 (<Note>의 대안을 정하세요)`);
    else if (transcript !== code) checklist.push(`${at}: 프롬프트 없는 블록을 터미널 기록으로 읽었습니다. 명령(\`$ \`)과 출력이 맞게 나뉘었는지 보세요`);
  }
  return { body: out.join('\n'), checklist, commands, pages: [], aliases };
}
