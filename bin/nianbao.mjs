#!/usr/bin/env node
// Runs the TypeScript CLI in place (tsx), so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

// The command is awaited here while its work may wait on unref'd handles (idle worker
// threads, whose answers and exits still come): without a handle of its own the process
// could end mid-await on a busy machine (exit code 13). Held until the command returns.
const alive = setInterval(() => {}, 1 << 30);
try {
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv);
} finally {
  clearInterval(alive);
}
