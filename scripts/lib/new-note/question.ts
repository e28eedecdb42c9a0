// A question the student wrote (`… 남기려면?`, `p 76 …`) becomes a <Question> with an empty
// <Answer> to write, in a plain-text note and in a Markdown one alike.
import { escapeProse } from './mdx-text.ts';

/** A page the student cites: `p 76`, `p86`, `p.101`. */
const PAGE = /(?:^|[^A-Za-z-])p\.?\s?(\d{1,3})(?!\d)/;

/** A link's target or a bare address: a `?` there starts a query, not a question. */
const ADDRESSES = /\]\([^)]*\)|https?:\/\/\S+/g;

/** The question a prose line asks, if it is one: its cited page, if any. Headings are titles, not questions. */
export function questionOf(line: string): { page?: number } | undefined {
  if (/^#{1,6}\s/.test(line)) return undefined;
  const text = line.replace(ADDRESSES, '');
  const page = PAGE.exec(text)?.[1];
  if (!text.includes('?') && !page) return undefined;
  return page ? { page: Number(page) } : {};
}

/** The MDX of a question line: the line kept in the <Question>, and an <Answer> to write. */
export const questionLines = (line: string, page?: number) => ['', `<Question${page ? ` page="${page}"` : ''}>${escapeProse(line.trim())}</Question>`, '', '<Answer>', '', '{/* 답을 쓰세요 */}', '', '</Answer>', ''];
