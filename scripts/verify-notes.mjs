#!/usr/bin/env node
// verify-notes' entry: it turns on Node's compile cache, then loads the runner. The cache
// must be on before the runner's modules are compiled, and an ES module's static imports
// are all compiled before its first line runs, hence the dynamic import.
//
// Plain JavaScript on purpose, like the two modules it uses: Node strips the types of a .ts
// file with a WebAssembly compiler that takes ~30 ms to start. With the cache on first, a warm
// run finds every TypeScript module of the runner already stripped and never starts it.
import { enableRunnerCompileCache } from './lib/cache/compile-cache.mjs';

enableRunnerCompileCache();
await import('./verify-notes-main.ts');
