import { existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
// Astro's own slugger (rehypeHeadingIds uses it): anchors here are the ids the page gets.
import GithubSlugger from 'github-slugger';
import type { Nodes, Root } from 'mdast';
import { BlockError } from './blocks/block-error.ts';
import { blockAnchor } from './blocks/book-change.ts';

/**
 * Images and links of a note that lead nowhere, found before the site is built: a missing
 * image otherwise stops `astro build` deep in the MDX compiler with no line of the note, and
 * a broken link is only found by a reader. One pass over the note's tree, at each line.
 */

/** What a link can reach on the site: its pages, and the anchors of each note page. */
export interface SitePages {
  /** Site paths with their trailing slash (`/`, `/changes/`, `/notes/week-02/`) and files (`/rss.xml`). */
  paths: ReadonlySet<string>;
  /** `/notes/<id>/` → the ids on that page a `#…` may name; a note missing here is not checked for anchors. */
  anchors: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A heading's text as the page shows it: its text and inline code, in order. */
function headingText(heading: Nodes): string {
  const parts: string[] = [];
  const stack: Nodes[] = [heading];
  while (stack.length) {
    const node = stack.pop() as Nodes;
    if (node.type === 'text' || node.type === 'inlineCode') parts.push(node.value);
    else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  return parts.join('');
}

/** The ids a note page gives: its headings (as Astro slugs them, in order) and its blocks (`#block-<id>`). */
export function anchorsOf(tree: Root, blockKeys: readonly string[]): Set<string> {
  const slugger = new GithubSlugger();
  const ids = new Set(blockKeys.map(blockAnchor));
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const node = stack.pop() as Nodes;
    if (node.type === 'heading') ids.add(slugger.slug(headingText(node)));
    else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  return ids;
}

interface Target {
  url: string;
  line: number;
  kind: 'image' | 'link';
}

function targetsOf(tree: Root): Target[] {
  const targets: Target[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const node = stack.pop() as Nodes;
    const line = node.position?.start.line ?? 1;
    if (node.type === 'image') targets.push({ url: node.url, line, kind: 'image' });
    else if (node.type === 'link' || node.type === 'definition') targets.push({ url: node.url, line, kind: 'link' });
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  return targets;
}

/** `https:`, `mailto:`, `data:`, `//host`: not this site's to check. */
const ELSEWHERE = /^(?:[a-z][\w+.-]*:|\/\/)/i;

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function imageProblem(target: Target, root: string, source: string): BlockError | undefined {
  const path = decoded(target.url.replace(/[?#].*$/, ''));
  if (!path || ELSEWHERE.test(target.url)) return undefined;
  // A path from `/` is served from public/; anything else is beside the note (Astro imports it).
  const file = path.startsWith('/') ? join('public', path) : join(dirname(source), path);
  if (existsSync(join(root, file))) return undefined;
  return new BlockError(
    source,
    target.line,
    `image "${target.url}" is not there: ${file} does not exist`,
    `put the image at ${file}, or fix the path: it is read from the note's folder (./img.png is ${join(dirname(source), 'img.png')}), and /img.png from public/; images are committed as files beside the note`,
  );
}

/** The site path a note's link goes to, and the anchor it names. */
function resolved(url: string, pagePath: string): { path: string; anchor?: string } {
  const hash = url.indexOf('#');
  const anchor = hash >= 0 ? decoded(url.slice(hash + 1)) : undefined;
  const written = decoded((hash >= 0 ? url.slice(0, hash) : url).replace(/\?.*$/, ''));
  const path = written ? posix.resolve(pagePath, written) + (written.endsWith('/') ? '/' : '') : pagePath;
  return { path, ...(anchor ? { anchor } : {}) };
}

/** The same path as the site serves it: `trailingSlash: 'always'`, so `/notes/week-02` is `/notes/week-02/`. */
function served(path: string, pages: SitePages): string | undefined {
  if (pages.paths.has(path)) return path;
  const slashed = path.endsWith('/') ? path : `${path}/`;
  return pages.paths.has(slashed) ? slashed : undefined;
}

function linkProblem(target: Target, pagePath: string, pages: SitePages, source: string): BlockError | undefined {
  if (ELSEWHERE.test(target.url)) return undefined;
  const { path, anchor } = resolved(target.url, pagePath);
  const page = served(path, pages);
  if (!page) {
    // `./week-03.mdx` is how a Markdown editor links notes; on the site it is the page.
    const note = /\/([\w.-]+)\.(?:mdx?|markdown)\/?$/.exec(path)?.[1];
    const instead = note && pages.paths.has(`/notes/${note}/`) ? `link the page: [${note}](/notes/${note}/)` : `link a page of the site (${[...pages.paths].filter((p) => p.startsWith('/notes/')).slice(0, 3).join(', ')} …) or a full https:// address`;
    return new BlockError(source, target.line, `link "${target.url}" goes to ${path}, which is no page of the site`, `${instead}; a path without a leading / is read from this note's page (${pagePath})`);
  }
  const ids = anchor === undefined ? undefined : pages.anchors.get(page);
  if (!ids || ids.has(anchor as string)) return undefined;
  return new BlockError(
    source,
    target.line,
    `link "${target.url}": ${page} has no #${anchor}`,
    `name a heading as the page slugs it (lower case, spaces as -) or a block as #block-<id>; ${page} has ${[...ids].slice(0, 5).map((id) => `#${id}`).join(', ')}${ids.size > 5 ? ' …' : ''}`,
  );
}

/**
 * Every image of the note that is not a file and every link of it that is no page (or no
 * anchor) of the site, each at its line. `source` is the note relative to `root`
 * (`content/notes/week-02.mdx`), `pagePath` the note's page (`/notes/week-02/`).
 */
export function brokenLinkProblems(tree: Root, root: string, source: string, pagePath: string, pages: SitePages): BlockError[] {
  return targetsOf(tree).flatMap((target) => {
    const problem = target.kind === 'image' ? imageProblem(target, root, source) : linkProblem(target, pagePath, pages, source);
    return problem ? [problem] : [];
  });
}
