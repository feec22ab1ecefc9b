/**
 * The text of a stored document as extraction reads it: bytes decoded (BOM,
 * declared charset, else UTF-8 or GB18030) and normalised. Provenance lines and
 * offsets count in this text, so the web view shows a document through this
 * same function: a line number there is the extractor's line number.
 */
import { decodeBytes } from './decode.js';
import { normalizeText } from './normalize.js';

export const sourceText = (bytes: Uint8Array, contentType?: string | null): string =>
  normalizeText(decodeBytes(bytes, contentType ?? undefined));
