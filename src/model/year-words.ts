/**
 * Years as report titles write them: in digits (2023), full-width (２０２３) or in Chinese
 * numerals (二〇二三年度, with 〇, ○, 零 or Ｏ for zero). One reading for the extractor
 * (the report's year) and the crawler (is a list title a report's?).
 */

const CN_YEAR = /二[〇○零Ｏ]([一二三])([〇○零Ｏ一二三四五六七八九])(?=\s*年)/g;
const cnDigit = (c: string): number => '一二三四五六七八九'.indexOf(c) + 1;

/** `s` with Chinese-numeral years (before 年) written as digits: 二〇二三年度 → 2023年度. */
export const digitYears = (s: string): string => s.replace(CN_YEAR, (_, a: string, b: string) => `20${cnDigit(a)}${cnDigit(b)}`);
