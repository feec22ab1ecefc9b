/**
 * Unzipping with a ceiling, for every zip-based format (DOCX, OFD): only the
 * entries asked for are inflated, and only after the sizes the archive declares
 * for them are checked — inflating is synchronous and cannot be abandoned, so a
 * bomb must be refused before it starts. fflate never writes past a declared
 * size, so an archive that under-declares gets truncated entries, not more memory.
 */
import { unzipSync } from 'fflate';

export interface UnzipLimits {
  /** Largest single entry, inflated. */
  readonly maxEntryBytes: number;
  /** All requested entries together, inflated. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_UNZIP_LIMITS: UnzipLimits = { maxEntryBytes: 200 << 20, maxTotalBytes: 256 << 20 };

/** An archive whose requested entries would inflate past the limits. */
export class ZipTooLargeError extends Error {
  override readonly name = 'ZipTooLargeError';
}

/**
 * The entries `want` accepts, inflated. `limitOf` may set a lower ceiling per
 * entry (a metadata file has no reason to be large). Throws ZipTooLargeError
 * before inflating anything, and fflate's own error for a corrupt archive.
 */
export function unzipBounded(bytes: Uint8Array, want: (name: string) => boolean, limits: UnzipLimits = DEFAULT_UNZIP_LIMITS,
  limitOf: (name: string) => number = () => limits.maxEntryBytes): Record<string, Uint8Array> {
  let total = 0;
  return unzipSync(bytes, { filter: (f) => {
    if (!want(f.name)) return false;
    const limit = Math.min(limits.maxEntryBytes, limitOf(f.name));
    if (f.originalSize > limit) throw new ZipTooLargeError(`${f.name} would inflate to ${f.originalSize} bytes (limit ${limit})`);
    total += f.originalSize;
    if (total > limits.maxTotalBytes) throw new ZipTooLargeError(`the entries read would inflate to more than ${limits.maxTotalBytes} bytes`);
    return true;
  } });
}
