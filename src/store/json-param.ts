/**
 * A value as JSON text for a json/jsonb parameter. JSON.stringify writes half a character
 * (a lone surrogate: text cut between the halves of an astral character) as a \udXXX
 * escape, which PostgreSQL's JSON input refuses — one such string in a warning, a link's
 * title or a log line would fail its statement and everything batched with it. Every
 * \udXXX escape JSON.stringify writes is such a half (whole pairs are written as they
 * are), so each becomes U+FFFD, as a text parameter carries it.
 */
export function jsonParam(value: unknown): string {
  const text = JSON.stringify(value);
  // An escape preceded by an even run of backslashes (an odd run is an escaped backslash and text).
  return text.includes('\\ud') || text.includes('\\uD')
    ? text.replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/gi, '$1\\ufffd')
    : text;
}
