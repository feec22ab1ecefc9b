/**
 * A report as the pipeline sees it: what extraction produces from one document
 * version, and what the store and checks consume. Defined once, used everywhere.
 */

export type TemplateId = '2019' | '2021';

/** A cell is a number or null (blank / placeholder). null is never 0. */
export type CellValue = number | null;

/** Canonical key → value, holding only the keys the page actually states. */
export type CellMap = Readonly<Record<string, CellValue>>;

/**
 * Where in the stored document version a value was read. Positions always
 * refer to the stored document: for HTML and text its decoded text (lines and
 * character offsets); for PDF, DOCX, DOC and OFD the page and box the reader
 * gives, and the line of the reader's text (never called a line of the document).
 */
export interface Provenance {
  /** Which template table (A, B, C). */
  readonly table: 'A' | 'B' | 'C';
  /** HTML input: index of the innermost <table> element, and the grid row/column after span expansion. */
  readonly htmlTable?: number;
  readonly row?: number;
  readonly col?: number;
  /** HTML / text input: the line (0-based) of the stored document's decoded text holding the value. */
  readonly line?: number;
  /** HTML / text input: character offsets [start, end) of the value (an HTML cell: its whole <td>) in that text. */
  readonly start?: number;
  readonly end?: number;
  /** PDF / OFD input: page number (1-based). */
  readonly page?: number;
  /** PDF / OFD input: the value's box on its page, as fractions of the page [x0, y0, x1, y1], origin top left. */
  readonly box?: readonly [number, number, number, number];
  /** PDF / DOCX / DOC / OFD input: the line (0-based) of the text the document reader derived. */
  readonly textLine?: number;
}

/**
 * How a cell's value was read. `read`: the layout allows one reading (the value
 * sits where the page prints it). `inferred`: chosen among readings — by an
 * identity of the template, by moving a stray value into a printed blank, or
 * because OCR read it below its confidence bar — with `why` saying which.
 * Checks raise `extraction.inferred` on reports holding inferred cells.
 */
export type CellHow = 'read' | 'inferred';

export interface ExtractedCell {
  readonly key: string;
  readonly value: CellValue;
  /** The text as printed, before normalisation (`+19`, `152790元`, `/`). */
  readonly raw: string;
  /** Money unit as printed (万元 / 元), for money cells. */
  readonly unit?: string;
  readonly provenance: Provenance;
  readonly how: CellHow;
  /** For `inferred` cells: what the value was chosen by, in a reviewer's words. */
  readonly why?: string;
  /** OCR's own confidence (0–1) in the word the value came from; absent for markup and text layers. */
  readonly confidence?: number;
}

/** A token of a table the aligner did not place in a cell, and why. */
export interface DroppedToken {
  /** The token as printed ('' for a blank cell). */
  readonly text: string;
  readonly line?: number;
  readonly htmlTable?: number;
  readonly row?: number;
  readonly col?: number;
  readonly why: string;
}

/**
 * What the aligner did with one template table: how many tokens it placed in
 * cells, which it dropped (stated numbers and placeholders listed, blank cells
 * counted), how many readings of ambiguous rows it weighed, and which rows it
 * left out rather than guess.
 */
export interface TableAccount {
  readonly table: 'A' | 'B' | 'C';
  readonly placed: number;
  readonly dropped: readonly DroppedToken[];
  readonly blanksDropped: number;
  readonly readingsWeighed: number;
  /** `row: why` for each row (or the whole table) given no values. */
  readonly abstained: readonly string[];
}

/** What `extract` takes: one fetched document (bytes or decoded text). */
export interface SourceDocument {
  readonly url?: string;
  /** Local file name, when read from disk. */
  readonly fileName?: string;
  readonly contentType?: string;
  readonly bytes?: Uint8Array;
  readonly text?: string;
  /**
   * The images an HTML page shows where its tables should be, in page order
   * (src/extract/page-images.ts): read by OCR when the page's text holds no table.
   */
  readonly images?: readonly PageImage[];
}

/** An image of a page: its src as the page writes it, and its bytes. */
export interface PageImage { readonly src: string; readonly bytes: Uint8Array }

export interface ExtractionOk {
  readonly ok: true;
  readonly template: TemplateId | null;
  /** Report year, from the title/text (not the publication date). */
  readonly year: number | null;
  /** The reporting body as the page names it. */
  readonly organization: string | null;
  readonly title: string | null;
  /** The page's own publication date (ISO yyyy-mm-dd), when it states one. */
  readonly publishedDate?: string | null;
  readonly cells: CellMap;
  readonly details: readonly ExtractedCell[];
  /** Per template table found on the page: what the aligner placed, dropped and weighed. */
  readonly accounts?: readonly TableAccount[];
  /** 2021 layout printing （六）其他处理 as one row. */
  readonly otherAsOneRow?: boolean;
  /** Narrative text of the report (一、总体情况 … 六), plain, for the narrative and copy checks. */
  readonly text: string;
  readonly warnings: readonly string[];
}

/** Why an extraction was stopped from outside: a bound it hit, or its worker died. */
export type ExtractionLimit = 'time-limit' | 'memory-limit' | 'size-limit' | 'crashed';

export interface ExtractionFailure {
  readonly ok: false;
  readonly error: string;
  readonly warnings: readonly string[];
  /** Set when a limit stopped it (see src/extract/limits.ts); absent for a document that is just unreadable. */
  readonly limit?: ExtractionLimit;
}

export type ExtractionResult = ExtractionOk | ExtractionFailure;

/**
 * A report as the checks see it: one body's statistics for one year, with the
 * narrative and the facts about its publication. Built from an extraction plus
 * what the crawl and the site registry know about the body.
 */
export interface Report {
  /** Stable within one check run: the database id, or the file name for `nianbao check FILE`. */
  readonly id: string;
  readonly body: {
    readonly name: string | null;
    /** 省 / 市 / 县 / 乡 of the body's region. */
    readonly level: import('./body.js').Level | null;
    readonly regionName: string | null;
    readonly regionCode: string | null;
    readonly kind: import('./body.js').Body['kind'] | null;
  };
  readonly year: number | null;
  readonly template: TemplateId | null;
  readonly otherAsOneRow?: boolean;
  readonly cells: CellMap;
  /** Keys of the cells extraction inferred rather than read (see `CellHow`). */
  readonly inferred?: readonly string[];
  /** Narrative text (一、总体情况 … 六). */
  readonly text: string;
  readonly title: string | null;
  /** The page's own publication date (yyyy-mm-dd), if stated. */
  readonly publishedDate?: string | null;
  /** When the crawler first saw the report's URL. */
  readonly firstSeenAt?: Date | null;
}
