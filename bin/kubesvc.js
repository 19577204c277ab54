#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so `npm install` is the whole
// install: there is no build step to forget, and `npx kubesvc` works from a fresh clone.
import { register } from 'tsx/esm/api';

register();
await import('../src/cmd/main.ts');
