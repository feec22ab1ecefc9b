/**
 * Progress for long work: a bar on a terminal, a counter line every few
 * seconds otherwise (cron mails and CI logs stay readable). Always on stderr,
 * so stdout carries only results.
 */
import cliProgress from 'cli-progress';
import type { ProgressSink } from '../model/progress.js';

export interface Progress extends ProgressSink {
  stop(): void;
}

export function createProgress(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { phase() {}, update() {}, stop() {} };
  return stream.isTTY ? barProgress(stream) : lineProgress(stream);
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  let bar: cliProgress.SingleBar | null = null;
  return {
    phase(name, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar({
        stream, format: `${name.padEnd(8)} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`, hideCursor: true,
      }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
    },
    update(done, total) {
      if (total !== undefined) bar?.setTotal(total);
      bar?.update(done);
    },
    stop() { bar?.stop(); bar = null; },
  };
}

function lineProgress(stream: NodeJS.WriteStream, everyMs = 5000): Progress {
  let name = '';
  let last = 0;
  let state = { done: 0, total: 0 };
  const print = () => stream.write(state.total > 0 ? `${name}: ${state.done}/${state.total}\n` : `${name}: done\n`);
  return {
    phase(next, total) {
      name = next;
      state = { done: 0, total };
      last = Date.now();
      stream.write(total > 0 ? `${name}: started (${total})\n` : `${name}: started\n`);
    },
    update(done, total) {
      state = { done, total: total ?? state.total };
      if (Date.now() - last >= everyMs) { last = Date.now(); print(); }
    },
    stop() { if (name) print(); name = ''; },
  };
}
