// Is a command as typed so far complete, as bash reads it, or would bash ask for more (its
// `> ` prompt)? A terminal only shows `> ` while a command is incomplete: after a complete
// one, a line starting with `> ` is what the command printed (a quoted mail, a diff, `> hi`).
// Just enough of bash's grammar for that answer; where it cannot tell (a `case` with its
// `pat)` lines, a `)` it did not see open, a closer before its opener) it says 'unsure'.

export type Completeness = 'complete' | 'incomplete' | 'unsure';

/** Words that open a compound command at a command's start, and the words that close one. */
const OPENERS = new Set(['if', 'for', 'while', 'until', 'select', '{']);
const CLOSERS = new Set(['fi', 'done', '}']);
/** After these words the next word is at a command's start again. */
const LEADING = new Set(['then', 'do', 'else', 'elif', '!', 'time', 'if', 'while', 'until', '{']);

type Context = "'" | '"' | '`' | '$(' | '(' | '${' | "$'";

/** How complete `text` (the command's lines joined with `\n`) is for bash. */
export function completeness(text: string): Completeness {
  const stack: Context[] = [];
  const heredocs: Array<{ word: string; strip: boolean }> = [];
  let depth = 0;
  let unsure = false;
  let atCommandStart = true;
  let word = '';
  let quotedWord = false;
  /** The last operator or word outside quotes: `|`, `&&`, `||` at the end leave the command open. */
  let last = '';
  const lines = text.split('\n');
  let escapedNewline = false;
  const endWord = () => {
    if (!word && !quotedWord) return;
    if (!quotedWord && atCommandStart) {
      if (OPENERS.has(word)) depth++;
      else if (CLOSERS.has(word)) depth--;
      else if (word === 'case' || word === 'esac' || word === 'function' || word === 'coproc') unsure = true;
    }
    atCommandStart = !quotedWord && atCommandStart && LEADING.has(word);
    last = word || '"';
    word = '';
    quotedWord = false;
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    escapedNewline = false;
    if (heredocs.length) {
      const [next] = heredocs;
      if ((next?.strip ? line.replace(/^\t+/, '') : line) === next?.word) heredocs.shift();
      continue;
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      const top = stack.at(-1);
      if (top === "'") {
        if (c === "'") stack.pop();
        continue;
      }
      if (c === '\\') {
        if (i === line.length - 1) escapedNewline = true;
        else if (!top || top !== '"' || /[$`"\\]/.test(line[i + 1] as string)) word += line[++i];
        continue;
      }
      if (top === "$'") {
        if (c === "'") stack.pop();
        continue;
      }
      if (top === '"' || top === '`') {
        if (c === top) stack.pop();
        else if (c === '$' && line[i + 1] === '(') stack.push('$('), i++;
        else if (c === '$' && line[i + 1] === '{') stack.push('${'), i++;
        else if (c === '`' && top === '"') stack.push('`');
        continue;
      }
      if (top === '${') {
        if (c === '}') stack.pop();
        else if (c === "'" || c === '"') stack.push(c);
        continue;
      }
      // Unquoted: at the top, inside `$( … )` or `( … )`.
      if (c === "'" || c === '"' || c === '`') {
        stack.push(c);
        quotedWord = true;
      } else if (c === '$' && line[i + 1] === "'") {
        stack.push("$'");
        quotedWord = true;
        i++;
      } else if (c === '$' && line[i + 1] === '(') {
        stack.push('$(');
        quotedWord = true;
        i++;
      } else if (c === '$' && line[i + 1] === '{') {
        stack.push('${');
        quotedWord = true;
        i++;
      } else if (c === '#' && !word && !quotedWord) break;
      else if (/\s/.test(c)) endWord();
      else if (c === '(') {
        endWord();
        // `name()` is a function definition, its body may follow on the next line.
        if (line[i + 1] === ')') {
          i++;
          last = '()';
          atCommandStart = true;
          continue;
        }
        stack.push('(');
        atCommandStart = true;
        last = '(';
      } else if (c === ')') {
        endWord();
        if (top === '(' || top === '$(') stack.pop();
        else unsure = true;
        atCommandStart = false;
        last = ')';
      } else if (line.startsWith('<<<', i)) {
        // A here-string: its word is on this line.
        endWord();
        i += 2;
        last = '<';
      } else if (c === '<' && line[i + 1] === '<') {
        endWord();
        const m = /^<<(-?)\s*(['"]?)([\w.-]+)\2/.exec(line.slice(i));
        if (m) {
          heredocs.push({ strip: m[1] === '-', word: m[3] as string });
          i += m[0].length - 1;
        } else i++;
        last = 'word';
      } else if (c === ';' || c === '&' || c === '|') {
        endWord();
        const op = line.slice(i).startsWith('&&') || line.slice(i).startsWith('||') || line.slice(i).startsWith(';;') ? line.slice(i, i + 2) : c;
        i += op.length - 1;
        if (op === ';;') unsure = true;
        atCommandStart = !(op === '&' && line[i + 1] === '>');
        last = op;
      } else if (c === '<' || c === '>') {
        endWord();
        last = c;
      } else word += c;
    }
    if (!escapedNewline && !stack.some((context) => context === "'" || context === '"' || context === '`' || context === "$'")) {
      endWord();
      // A newline ends a command, except after an operator that wants more.
      if (!['|', '&&', '||'].includes(last)) atCommandStart = true;
    }
  }
  if (escapedNewline || stack.length || heredocs.length || ['|', '&&', '||', '()'].includes(last)) return 'incomplete';
  if (unsure || depth < 0) return 'unsure';
  return depth > 0 ? 'incomplete' : 'complete';
}
