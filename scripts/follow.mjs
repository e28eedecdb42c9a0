#!/usr/bin/env node
// follow's entry: the compile cache first, then the loop (see scripts/verify-notes.mjs for why).
import { enableRunnerCompileCache } from './lib/cache/compile-cache.mjs';

enableRunnerCompileCache();
await import('./follow-main.ts');
