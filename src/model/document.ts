/** A fetched URL version, as stored: raw bytes are kept forever. */

export interface DocumentVersion {
  readonly id: number;
  readonly url: string;
  readonly finalUrl: string;
  readonly siteId: string | null;
  readonly fetchedAt: Date;
  /** When the URL was first seen; kept across its versions. */
  readonly firstSeenAt: Date;
  readonly httpStatus: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly contentType: string | null;
  readonly charset: string | null;
  readonly sha256: string;
  readonly bytes: Uint8Array;
  /** Page this document was linked from as an attachment. */
  readonly parentId: number | null;
  /** What the crawler judged the page to be. */
  readonly kind: DocumentKind;
}

export type DocumentKind = 'report' | 'attachment' | 'image' | 'list' | 'other' | 'soft404' | 'challenge';
