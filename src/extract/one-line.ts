/**
 * A page squeezed onto one line: a scraper that collapsed every run of white space to one space
 * (`text.replace(/\s+/g, ' ')`, a search index's snippet) leaves row names, values and prose a
 * space apart, and the whole page read as one text read nothing. Such a line is cut back into
 * its words, one a line, character for character (each space becomes a line break, so every
 * offset stays where it was): the page then reads as one cell a line. Its blank cells went with
 * the spaces, so rows short of cells are left out (nothing shows which columns are blank), as
 * for any copy that lost its blanks. Pipe text is not cut: there `| |` is an empty cell or the
 * boundary between two rows, and nothing tells which.
 */

/** Values a word apart that make a squeezed line a table's, not a paragraph's. */
const LEAST_VALUES = 30;
const LONG_LINE = 400;
const VALUE_WORD = /(?:^| )[-+]?\d+(?:\.\d+)?(?= |$)/g;

/** The text with its one long line cut into words, or the text unchanged. */
export function wordsApart(text: string): string {
  if (text.includes('|')) return text;
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length > 3) return text;
  const long = lines.filter((l) => l.length >= LONG_LINE);
  if (!long.length || long.reduce((n, l) => n + (l.match(VALUE_WORD)?.length ?? 0), 0) < LEAST_VALUES) return text;
  return text.replace(/ /g, '\n');
}
