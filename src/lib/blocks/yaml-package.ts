import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The yaml package, loaded at the first YAML the block model reads rather than with the block
 * model: it is ~70 modules, and a runner whose notes come from its parse cache reads none
 * (the cache keeps the front matter as parsed, parse-cache.ts). Synchronous on purpose, as
 * the block model is: `require` of an installed package is, an `import()` is not.
 */
export function yamlPackage(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
