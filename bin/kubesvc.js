#!/usr/bin/env node
// The CLI runs the JavaScript that `npm install` compiles into dist/ (the `prepare` script) when
// it is current, and otherwise the TypeScript sources through tsx: so `npx kubesvc` works from a
// fresh clone, and right after an edit, with no build step to remember. Compiled, a process does
// without tsx's module-loader thread, which holds ~35 MB for as long as the process runs.
import { readdirSync, statSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const compiledMain = `${root}dist/cmd/main.js`;

/** Whether dist/ was built after every source file it is compiled from last changed. */
function compiledIsCurrent() {
  let builtAt;
  try {
    builtAt = statSync(compiledMain).mtimeMs;
  } catch {
    return false;
  }
  const newerSource = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return newerSource(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && statSync(path).mtimeMs > builtAt;
    });
  try {
    return !newerSource(`${root}src`);
  } catch {
    return true; // no sources beside dist/: an installed package
  }
}

if (compiledIsCurrent()) {
  await import(compiledMain);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cmd/main.ts');
}
