/**
 * Who is looking at a page: the signed-in account (with its session's CSRF
 * token) or nobody. Held for the duration of a request in an
 * AsyncLocalStorage, so the page shell and the review fragments can ask
 * without every page function passing it along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../../auth/roles.js';

export interface Viewer {
  readonly actor: Actor | null;
  /** The session's CSRF token, posted back by every form. */
  readonly csrf: string | null;
  /** Reading without an account is allowed (`serve --public-read`). */
  readonly publicRead: boolean;
}

const NOBODY: Viewer = { actor: null, csrf: null, publicRead: true };
const storage = new AsyncLocalStorage<Viewer>();

export const withViewer = <T>(v: Viewer, fn: () => T): T => storage.run(v, fn);

/** The current request's viewer; outside a request (tests rendering pages directly), nobody. */
export const currentViewer = (): Viewer => storage.getStore() ?? NOBODY;
