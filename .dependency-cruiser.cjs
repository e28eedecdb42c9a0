// The runner's house (issue 22), checked by dependency-cruiser in `npm test` (npm run lint:deps).
// scripts/lib/ has one folder per concern, in an order: a folder imports only folders before it
// in LAYERS, never one after (judge/ never imports run/, report/ never imports judge/). Each
// folder's README.md says what it owns. The entry scripts (scripts/*.ts) may import every folder.
/**
 * Lowest first. core/ holds what every folder shares; cli/ the command line's own modules;
 * follow/ (the reader's front end, from the follow branch) may use all of them.
 */
const LAYERS = ['core', 'cache', 'docker', 'kubernetes', 'report', 'judge', 'run', 'book', 'cli', 'follow'];

/** One rule: an import from `from` to `to` (paths as regular expressions) is an error. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

const layerRules = LAYERS.slice(0, -1).map((layer, index) => {
  const later = LAYERS.slice(index + 1);
  return forbid(`${layer}-imports-no-later-layer`, `scripts/lib/${layer}/ comes before ${later.join(', ')}: it must not import them (LAYERS)`, `^scripts/lib/${layer}/`, `^scripts/lib/(${later.join('|')})/`);
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle has no order: move what both sides need below them (e.g. a shared type to core/)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    forbid('src-never-imports-scripts', 'the site (src/) is below the runner: it must not import scripts/', '^src/', '^scripts/'),
    forbid('lib-never-imports-entry-scripts', 'scripts/lib/ is imported by the entry scripts (scripts/*.ts), never the other way', '^scripts/lib/', '^scripts/[^/]+\\.(ts|mjs)$'),
    forbid('new-note-stands-alone', 'scripts/lib/new-note/ (the new-note tool) reads src/ only: the runner is not its business', '^scripts/lib/new-note/', '^scripts/lib/(?!new-note/)'),
    forbid('runner-not-from-new-note', 'the runner does not import the new-note tool', '^scripts/lib/(?!new-note/)', '^scripts/lib/new-note/'),
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.astro)/' },
    // Type-only imports bind the layers as much as values do: they count.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  },
};
