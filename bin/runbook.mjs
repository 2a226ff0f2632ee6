#!/usr/bin/env node
// The `runbook` package bin: registers tsx so the TypeScript CLI runs as is (no build step), then starts it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
