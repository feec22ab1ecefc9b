/**
 * Reading a new password without putting it on the command line (where `ps`
 * and shell history would keep it): from stdin with --password-stdin, else
 * asked twice on the terminal with echo off.
 */
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { UserError } from './errors.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function ask(prompt: string): Promise<string> {
  // Output muted after the prompt: the typed characters are not echoed.
  let muted = false;
  const output = new Writable({ write: (chunk, _enc, done) => { if (!muted) process.stderr.write(chunk); done(); } });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => { rl.close(); process.stderr.write('\n'); resolve(answer); });
    muted = true;
  });
}

export async function readNewPassword(opts: { stdin?: boolean }): Promise<string> {
  if (opts.stdin) return readStdin();
  if (!process.stdin.isTTY) throw new UserError('no terminal to ask for the password on: pass --password-stdin and pipe it in');
  const first = await ask('new password: ');
  const second = await ask('again: ');
  if (first !== second) throw new UserError('the two passwords differ');
  return first;
}
