/**
 * Markup a converter left in a text or Markdown cell, read as the rendered page shows it.
 * HTML-to-Markdown converters (and search indexes that store their output) write a bold
 * cell as `**12**`, a line break inside a cell as a literal `<br>` (a Markdown table row is
 * one line), escape `1.` as `1\.`, and pass entities (`&nbsp;`) and inline tags through.
 * Read as they stand, `**12**` is text — it ended its row, and a page of bold values lost
 * nearly every cell; `商业<br>企业` matched no header.
 *
 * Each cell is cleaned on its own (the text keeps its characters, so a value's provenance
 * is still where the page prints it). What the rendered cell would not show as its value is
 * left out as the HTML reader leaves it out (html-hidden.ts): a superscript (a footnote's
 * mark) and struck-out text (`~~5~~`, `<del>5</del>`: a correction). Digits broken over a
 * `<br>` are two numbers or one, which the cell does not say: kept apart with a broken bar
 * (no value), as the HTML reader keeps them.
 */
import { decodeHTML } from 'entities';
import { APART, digitsAcross } from './values.js';

/** A quick test: most pages, and most cells, hold none of these characters and pass untouched. */
export const MARKUP = /[*_\\&<~]/;
const ENTITY = /&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});/g;
const NOT_SHOWN = /<(sup|del|s|strike)(?:\s[^<>]*)?>[^<]*<\/\1\s*>|~~(?=\S)[^~]*?~~/gi;
const BREAK = /\s*<br\s*\/?>\s*/gi;
const TAG = /<\/?(?:span|font|b|strong|i|em|u|p|div|sub|small|big|o:p)(?:\s[^<>]*)?\/?>/gi;
const STRONG = /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g;
const EMPHASIS = /(?<![\w*\\])\*(?=[^\s*])([^*]*?[^\s*\\])\*(?![\w*])/g;
const EMPTY_STRONG = /^(?:\*\*|__)\s*(?:\*\*|__)$/;
// Markdown's backslash escapes: any ASCII punctuation but the pipe (a wall, split before cells are).
const ESCAPE = /\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{}~])/g;

/** A cell's text with the markup a converter left in it read as rendered. */
export function withoutMarkup(text: string): string {
  if (!MARKUP.test(text)) return text;
  let s = text;
  if (s.includes('&')) s = s.replace(ENTITY, (e) => decodeHTML(e));
  if (s.includes('<') || s.includes('~')) {
    s = s.replace(NOT_SHOWN, '').replace(BREAK, (br, at: number, all: string) =>
      (digitsAcross(all.slice(0, at), all.slice(at + br.length)) ? APART : '')).replace(TAG, '');
  }
  if (s.includes('*') || s.includes('_')) {
    if (EMPTY_STRONG.test(s.trim())) return '';
    s = s.replace(STRONG, '$2').replace(EMPHASIS, '$1');
  }
  if (s.includes('\\')) s = s.replace(ESCAPE, '$1');
  return s;
}
