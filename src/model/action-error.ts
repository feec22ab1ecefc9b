/**
 * Why a person's action (a review decision, a correction, an account change)
 * was refused. The CLI turns it into a one-line error with exit code 2; the web
 * view into the matching status (404, 403, 400, 409).
 */
export type ActionErrorKind = 'not_found' | 'forbidden' | 'invalid' | 'conflict';

export class ActionError extends Error {
  constructor(readonly kind: ActionErrorKind, message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

export const HTTP_STATUS: Readonly<Record<ActionErrorKind, 400 | 403 | 404 | 409>> = {
  not_found: 404, forbidden: 403, invalid: 400, conflict: 409,
};
