/** `nianbao users add|list|disable|enable|passwd`: accounts for the web view and the review CLI. */
import os from 'node:os';
import { Command } from 'commander';
import { withStore } from '../context.js';
import { UserError } from '../errors.js';
import { formatJsonLines, formatTable } from '../output.js';
import { readNewPassword } from '../password-input.js';
import { addAccount, changePassword, listUsers, setAccountDisabled, type ChangedBy } from '../../auth/accounts.js';
import { describeScope, ROLES } from '../../auth/roles.js';

/** The operator at the command line, as the audit log records them. */
export const cliOrigin = (): string => `cli:${os.userInfo().username}`;
const byOperator = (): ChangedBy => ({ actor: null, origin: cliOrigin() });

const collect = (v: string, acc: string[]) => [...acc, v];

export function registerUsers(program: Command): void {
  const users = program.command('users').description('accounts: admin, reviewer or viewer, scoped to regions');

  users.command('add')
    .description('create an account (the password is read from the terminal, or stdin with --password-stdin)')
    .argument('<name>', 'account name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--region <code|name>', 'a region the user works on (GB/T 2260 code or name; repeatable; default every region)', collect, [])
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (name: string, opts: { role: string; region: string[]; passwordStdin?: boolean }, cmd: Command) => {
      const password = await readNewPassword({ stdin: opts.passwordStdin });
      await withStore(cmd, async (store) => {
        const u = await addAccount(store.db, { name, role: opts.role, regions: opts.region, password }, byOperator());
        process.stdout.write(`added ${u.role} ${u.name} (${describeScope(u.regions)})\n`);
      });
    });

  users.command('list')
    .description('list accounts')
    .option('--json', 'one JSON object per account')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const rows = (await listUsers(store.db)).map((u) => ({
          name: u.name, role: u.role, regions: u.regions === null ? 'all' : u.regions.join(' '),
          disabled: u.disabled_at !== null, created_at: u.created_at,
        }));
        process.stdout.write(opts.json ? (rows.length ? `${formatJsonLines(rows)}\n` : '') : `${formatTable(rows)}\n`);
      });
    });

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    users.command(verb)
      .description(disabled ? 'disable an account and end its sessions' : 'enable a disabled account again')
      .argument('<name>', 'account name')
      .action(async (name: string, _opts: unknown, cmd: Command) => {
        await withStore(cmd, async (store) => {
          await setAccountDisabled(store.db, name, disabled, byOperator());
          process.stdout.write(`${name} ${disabled ? 'disabled' : 'enabled'}\n`);
        });
      });
  }

  users.command('passwd')
    .description('set a new password (ends the account\'s sessions)')
    .argument('<name>', 'account name')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (name: string, opts: { passwordStdin?: boolean }, cmd: Command) => {
      const password = await readNewPassword({ stdin: opts.passwordStdin });
      if (!password) throw new UserError('empty password');
      await withStore(cmd, async (store) => {
        await changePassword(store.db, name, password, byOperator());
        process.stdout.write(`password of ${name} changed; their sessions ended\n`);
      });
    });
}
