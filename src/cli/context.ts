/** What every command shares: opening the store from the global --db option. */
import type { Command } from 'commander';
import { openStore, type Store, type StoreOptions } from '../store/open-store.js';
import { CommandFailure, oneLine } from './errors.js';

export function storeOptions(cmd: Command): StoreOptions {
  const root = cmd.optsWithGlobals<{ db?: string }>();
  return root.db ? { dbPath: root.db } : {};
}

/** Opens the store for the duration of `fn` and always closes it. */
export async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T>, opts: Partial<StoreOptions> = {}): Promise<T> {
  let store: Store;
  try {
    store = await openStore({ ...storeOptions(cmd), ...opts });
  } catch (err) {
    throw new CommandFailure(oneLine(err), { cause: err });
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
