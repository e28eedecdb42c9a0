#!/usr/bin/env node
// verify-notes' entry: it turns on Node's compile cache, then loads the runner. The cache
// must be on before the runner's modules are compiled, and an ES module's static imports
// are all compiled before its first line runs, hence this file and the dynamic import.
import { enableRunnerCompileCache } from './lib/compile-cache.ts';

enableRunnerCompileCache();
await import('./verify-notes-main.ts');
