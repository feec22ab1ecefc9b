/** The benches' command line: `--name value` pairs, read where each bench sets its parameters. */

/** The value after `--name`, or `dflt` when the flag is not given. */
export function arg(name: string, dflt = ''): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : dflt;
}
