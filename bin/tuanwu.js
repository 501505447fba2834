#!/usr/bin/env node
// The `tuanwu` command: runs the TypeScript sources through tsx (no build step for the server).
import { register } from 'tsx/esm/api';

register();
await import('../server/src/main.ts');
