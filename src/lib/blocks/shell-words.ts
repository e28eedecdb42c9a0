/**
 * Just enough of bash's word splitting to read which commands a block runs and with which
 * literal arguments: for the checks of what a block runs (block-commands.ts) and the runner's
 * isolation analysis (scripts/lib/docker/isolation.ts). It never runs anything and
 * errs on the side of "cannot tell": a word built from `$…` or `` `…` `` is marked dynamic,
 * and the commands inside `$( … )` and backticks (also in an unquoted here-document) are
 * read as commands of their own. Arithmetic (`$(( … ))`, `(( … ))`) runs no command.
 */

/** Does `$` followed by this character expand (`$x`, `${…}`, `$?`)? Before a quote or a space, or at the end, it is a plain `$`. */
const expands = (next: string | undefined) => next !== undefined && /[\w{@*#?$!-]/.test(next);

export interface ShellWord {
  text: string;
  /** Holds an expansion ($VAR, $(…), `…`, a glob): its value is only known when it runs. */
  dynamic: boolean;
}

export interface ShellCommand {
  words: ShellWord[];
  /** Files its output is redirected to (`> out.txt`, `&>> log`; not `2>&1`). */
  writes: ShellWord[];
  /** 0-based line of the block's code the command starts on. */
  line: number;
  /** Ended by a single `&`: bash runs it in the background and goes on. */
  sentToBackground?: true;
}

/** Splits a script into simple commands (separated by newlines, ;, &, |, &&, ||, parentheses). */
export function commandsOf(code: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let writes: ShellWord[] = [];
  let word: ShellWord | undefined;
  let commandLine = 0;
  let line = 0;
  /** The next word is the target of a redirection: a file written or read, or (`>&`) an fd or a file. */
  let target: 'written' | 'read' | 'dup' | undefined;
  const heredocs: Array<{ delimiter: string; strip: boolean; expands: boolean }> = [];
  const endWord = () => {
    if (word && (target === 'written' || (target === 'dup' && !/^(\d+|-)$/.test(word.text)))) writes.push(word);
    else if (word && !target) words.push(word);
    if (word) target = undefined;
    word = undefined;
  };
  const endCommand = (sentToBackground = false) => {
    endWord();
    target = undefined;
    if (words.length || writes.length) commands.push({ words, writes, line: commandLine, ...(sentToBackground ? { sentToBackground: true as const } : {}) });
    words = [];
    writes = [];
    commandLine = line;
  };
  /** The commands of `$( … )` and `` `…` `` in text that is not split into words (a here-document, arithmetic). */
  const substitutionsIn = (from: number, to: number, atLine: number) => {
    for (let j = from; j < to; j++) {
      if (code[j] === '\\') j++;
      else if (code[j] === '$' && code[j + 1] === '(' && code[j + 2] !== '(') {
        const end = substitution(j + 1);
        commands.push(...commandsOf(code.slice(j + 2, end)).map((command) => ({ ...command, line: atLine + command.line })));
        j = end;
      } else if (code[j] === '`') {
        const end = code.indexOf('`', j + 1);
        const stop = end === -1 ? code.length : end;
        commands.push(...commandsOf(code.slice(j + 1, stop)).map((command) => ({ ...command, line: atLine + command.line })));
        j = stop;
      }
    }
  };
  /** The end of `(( … ))` opened at `open` (index of the first `(`): the index of its last `)`. */
  const arithmetic = (open: number): number => {
    const end = substitution(open);
    return code[end + 1] === ')' ? end + 1 : end;
  };
  const add = (text: string, dynamic = false) => {
    if (!word) {
      if (!words.length) commandLine = line;
      word = { text: '', dynamic: false };
    }
    word.text += text;
    if (dynamic) word.dynamic = true;
  };
  /** The text of a `$( … )` starting at `open` (index of `(`), balanced, quotes respected; returns the end index. */
  const substitution = (open: number): number => {
    let depth = 0;
    for (let i = open; i < code.length; i++) {
      const c = code[i];
      if (c === '\\') i++;
      else if (c === "'") i = code.indexOf("'", i + 1) === -1 ? code.length : code.indexOf("'", i + 1);
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i;
    }
    return code.length;
  };
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as string;
    const next = code[i + 1];
    if (c === '\\' && next === '\n') {
      i++;
      line++;
      continue;
    }
    if (c === '\\') {
      add(next ?? '');
      i++;
      continue;
    }
    if (c === "'") {
      const end = code.indexOf("'", i + 1);
      const stop = end === -1 ? code.length : end;
      add(code.slice(i + 1, stop));
      line += (code.slice(i + 1, stop).match(/\n/g) ?? []).length;
      i = stop;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < code.length && code[j] !== '"'; j++) {
        if (code[j] === '\\') {
          add(code[j + 1] ?? '');
          j++;
        } else if (code[j] === '$' && code[j + 1] === '(') {
          const end = substitution(j + 1);
          commands.push(...commandsOf(code.slice(j + 2, end)).map((command) => ({ ...command, line: line + command.line })));
          add(code.slice(j, end + 1), true);
          j = end;
        } else if (code[j] === '`') {
          const end = code.indexOf('`', j + 1);
          const stop = end === -1 ? code.length : end;
          commands.push(...commandsOf(code.slice(j + 1, stop)).map((command) => ({ ...command, line: line + command.line })));
          add(code.slice(j, stop + 1), true);
          j = stop;
        } else if (code[j] === '$') {
          add('$', expands(code[j + 1]));
        } else {
          if (code[j] === '\n') line++;
          add(code[j] as string);
        }
      }
      if (!word) add('');
      i = j;
      continue;
    }
    if (c === '$' && next === '(' && code[i + 2] === '(') {
      const end = arithmetic(i + 1);
      substitutionsIn(i + 3, end, line);
      add(code.slice(i, end + 1), true);
      i = end;
      continue;
    }
    if (c === '(' && next === '(' && !word && !words.length) {
      const end = arithmetic(i);
      substitutionsIn(i + 2, end, line);
      i = end;
      continue;
    }
    if (c === '$' && next === '(') {
      const end = substitution(i + 1);
      commands.push(...commandsOf(code.slice(i + 2, end)).map((command) => ({ ...command, line: line + command.line })));
      add(code.slice(i, end + 1), true);
      i = end;
      continue;
    }
    if (c === '`') {
      const end = code.indexOf('`', i + 1);
      const stop = end === -1 ? code.length : end;
      commands.push(...commandsOf(code.slice(i + 1, stop)).map((command) => ({ ...command, line: line + command.line })));
      add(code.slice(i, stop + 1), true);
      i = stop;
      continue;
    }
    if ((c === '$' && expands(next)) || ((c === '*' || c === '?' || c === '[') && word)) {
      add(c, true);
      continue;
    }
    if (c === '#' && !word) {
      while (i + 1 < code.length && code[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '<' && next === '<' && code[i + 2] !== '<') {
      // A here-document: its lines are the command's input, not commands.
      endWord();
      const rest = /^<<(-?)\s*(['"]?)([\w.-]+)\2/.exec(code.slice(i));
      if (rest) {
        heredocs.push({ delimiter: rest[3] as string, strip: rest[1] === '-', expands: !rest[2] });
        i += rest[0].length - 1;
        continue;
      }
    }
    if (c === '>' || c === '<' || (c === '&' && next === '>')) {
      // A redirection: its target is no argument. `2>&1`: the 2 is no argument either.
      if (word && /^\d+$/.test(word.text) && !word.dynamic) word = undefined;
      else endWord();
      let operator = c;
      while (code[i + 1] === '>' || code[i + 1] === '&' || code[i + 1] === '|') operator += code[++i];
      target = c === '<' ? 'read' : operator.endsWith('>&') ? 'dup' : 'written';
      continue;
    }
    if (c === '\n') {
      endCommand();
      line++;
      commandLine = line;
      for (const { delimiter, strip, expands } of heredocs.splice(0)) {
        let end = code.indexOf('\n', i + 1);
        while (i < code.length) {
          const start = i + 1;
          const text = code.slice(start, end === -1 ? code.length : end);
          i = end === -1 ? code.length : end;
          if ((strip ? text.trim() : text) === delimiter) {
            line++;
            break;
          }
          // Unquoted delimiter: the body's $( … ) and backticks run as it is read.
          if (expands) substitutionsIn(start, i, line);
          line++;
          end = code.indexOf('\n', i + 1);
        }
      }
      commandLine = line;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand(c === '&' && next !== '&' && next !== '>' && code[i - 1] !== '&');
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      continue;
    }
    add(c);
  }
  endCommand();
  return commands;
}
