import type { Nodes } from 'mdast';
import type { MdxjsEsm } from 'mdast-util-mdxjs-esm';
import { BlockError } from './block-error.ts';

/**
 * The components a note may write, as the note page hands them to MDX
 * (src/pages/notes/[id]/index.astro; a unit test keeps the two lists equal). `RunBlock` is not
 * among them: the remark plugin puts it around run blocks, no author writes it.
 */
export const NOTE_COMPONENTS = ['Question', 'Answer', 'Note', 'Caution', 'BookChange', 'KubectlFlow', 'RcPodsService'] as const;

const USAGE = '<Question page="…">, <Answer>, <Note>, <Caution>, <BookChange book="…" now="…" proof="…">, <KubectlFlow />, <RcPodsService />';

/** Names a note's own `import` and `export` statements bring into scope. */
function declaredNames(esm: readonly MdxjsEsm[]): Set<string> {
  const names = new Set<string>();
  for (const node of esm) {
    for (const statement of node.data?.estree?.body ?? []) {
      if (statement.type === 'ImportDeclaration') statement.specifiers.forEach((specifier) => names.add(specifier.local.name));
      if (statement.type !== 'ExportNamedDeclaration' || !statement.declaration) continue;
      const declaration = statement.declaration;
      if (declaration.type === 'VariableDeclaration') declaration.declarations.forEach((d) => d.id.type === 'Identifier' && names.add(d.id.name));
      else if ('id' in declaration && declaration.id) names.add(declaration.id.name);
    }
  }
  return names;
}

/**
 * Elements whose name is a component this site does not have: `<Tabs>`, `<Aside>`, `<Steps>`
 * pasted from another docs site compile, then fail the build while the page renders ("Expected
 * component `Tabs` to be defined"), without the note's line. Lowercase names are HTML.
 */
export function unknownComponents(elements: readonly Nodes[], esm: readonly MdxjsEsm[], source: string): BlockError[] {
  const known = new Set<string>([...NOTE_COMPONENTS, ...declaredNames(esm)]);
  const reported = new Set<string>();
  const problems: BlockError[] = [];
  for (const element of elements) {
    if (element.type !== 'mdxJsxFlowElement' && element.type !== 'mdxJsxTextElement') continue;
    const name = element.name?.split('.')[0];
    if (!name || !/^[A-Z]/.test(name) || known.has(name) || reported.has(name)) continue;
    reported.add(name);
    problems.push(new BlockError(source, element.position?.start.line ?? 1, `<${name}> is not a component of this site`, `the notes have ${USAGE}; write tabs or asides as a <Note> or plain sections, or use a lowercase HTML element`));
  }
  return problems;
}
