/**
 * What a fetched page is: a report by its title, a soft 404 or block page
 * served with 200, a JS challenge. Pure functions over text.
 */

import { toHalfWidth } from '../model/half-width.js';
import { digitYears } from '../model/year-words.js';

const YEAR = /(?:19|20)\d{2}/;
const REPORT = /(信息公开|政务公开|公开工作).{0,12}(年度报告|年报|工作报告)|年度报告|信息公开年报/;
/** Titles that mention reports but are about them (notices, plans, guides). */
const NOT_REPORT = /通知|要点|指南|制度|目录|的函|公示|征求|意见|方案|计划|通报|情况说明|解读|目录|会议|报送|考核|评估|印发|转发/;

/** A title as the patterns read it: no spaces, years in digits (二〇二三年度 → 2023年度). */
const norm = (title: string): string => toHalfWidth(digitYears(title.replace(/\s+/g, '')));

export function isReportTitle(title: string | null | undefined): boolean {
  if (!title) return false;
  const t = norm(title);
  return YEAR.test(t) && REPORT.test(t) && !NOT_REPORT.test(t);
}

/** How CMSs cut a long list title: …, ..., ．．． */
const CUT = /(?:\.{2,}|…+|．{2,}|。{3,})$/;

/**
 * A list title cut short (某县财政局2023年政府信息公开工作年...) that starts like a
 * report's: a year and 信息公开/政务公开, no word of a notice. Only the page's own
 * title can tell (…年度报告, or …年度报告编制工作的通知), so the crawler fetches it
 * and confirms it there.
 */
export function isCutReportTitle(title: string | null | undefined): boolean {
  if (!title) return false;
  const t = norm(title);
  if (!CUT.test(t)) return false;
  const head = t.replace(CUT, '');
  return YEAR.test(head) && /信息公开|政务公开|公开工作/.test(head) && !NOT_REPORT.test(head);
}

export function reportYear(title: string): number | null {
  const t = norm(title);
  const m = /((?:19|20)\d{2})\s*年/.exec(t) ?? /((?:19|20)\d{2})/.exec(t);
  return m ? Number(m[1]) : null;
}

const SOFT404 = /页面不存在|页面未找到|找不到(该|您要的|页面)|您访问的页面|404\s*not\s*found|page\s+not\s+found|信息已删除|文章不存在|栏目不存在/i;
const BLOCKED = /访问异常|访问受限|访问频率|请求过于频繁|您的访问被拦截|安全拦截|非法请求/;

export type PageVerdict = 'ok' | 'soft404' | 'blocked';

/**
 * Judges a 200 page. Real soft-404s and block pages are short; a long report
 * that quotes "页面不存在" somewhere is not one.
 */
export function judgePage(text: string, title: string | null): PageVerdict {
  const visible = text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]+>/gi, ' ').replace(/\s+/g, ' ');
  const short = visible.length < 1500;
  if (BLOCKED.test(title ?? '') || (short && BLOCKED.test(visible))) return 'blocked';
  if (SOFT404.test(title ?? '') || (short && SOFT404.test(visible))) return 'soft404';
  return 'ok';
}

/**
 * Statuses anti-bot services answer with: 瑞数 412/202, 加速乐 521, and 468, which
 * Chinese cloud WAFs send for a challenge or a block (never a page that is gone).
 */
export const CHALLENGE_STATUSES: readonly number[] = [202, 412, 468, 521];

/** A JS challenge (瑞数 412/202, 加速乐 521, WAF 468): a script-only page that sets a cookie and reloads. */
export function isChallenge(status: number, text: string): boolean {
  if (![...CHALLENGE_STATUSES, 403, 200].includes(status)) return false;
  const hasScript = /<script/i.test(text);
  const cookie = /document\.cookie\s*=/.test(text);
  const ts = /\$_ts|__jsl_clearance|_waf_|challenge/i.test(text);
  if (status === 200 || status === 403) return hasScript && cookie && ts && text.length < 20_000;
  return hasScript && (cookie || ts);
}

/**
 * Solves the simple cookie challenges by evaluating only a whitelisted
 * expression after `document.cookie=`: string literals, numbers, `+`,
 * parentheses and `String.fromCharCode(…)`. Anything else (real JS) → null,
 * and the URL goes to the browser strategy.
 */
export function solveCookieChallenge(text: string): Array<[string, string]> | null {
  const cookies: Array<[string, string]> = [];
  const re = /document\.cookie\s*=\s*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const parsed = parseConcat(text.slice(m.index + m[0].length));
    // The expression must end the statement: anything else is real code.
    if (!parsed || !/^\s*(;|<\/script|\n|$)/.test(text.slice(m.index + m[0].length + parsed.length))) return null;
    const value = parsed.value;
    const pair = value.split(';')[0]!;
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    cookies.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
  }
  return cookies.length ? cookies : null;
}

/** Evaluates `'a'+"b"+('c')+String.fromCharCode(100,101)+12` without eval; null if anything else appears. */
export function evalConcat(expr: string): string | null {
  const r = parseConcat(expr);
  return r && r.length === expr.trimEnd().length ? r.value : null;
}

/** Parses the longest concatenation at the start of `expr`; its value and length. */
function parseConcat(expr: string): { value: string; length: number } | null {
  let i = 0;
  const s = expr;
  const ws = () => { while (i < s.length && /\s/.test(s[i]!)) i++; };
  const term = (): string | null => {
    ws();
    const c = s[i];
    if (c === '"' || c === "'") {
      let out = '';
      i++;
      while (i < s.length && s[i] !== c) {
        if (s[i] === '\\') { i++; const e = s[i]; out += e === 'n' ? '\n' : e ?? ''; } else out += s[i];
        i++;
      }
      if (s[i] !== c) return null;
      i++;
      return out;
    }
    if (c === '(') {
      i++;
      const v = sum();
      ws();
      if (v === null || s[i] !== ')') return null;
      i++;
      return v;
    }
    const fcc = /^String\.fromCharCode\(\s*([\d\s,]+)\)/.exec(s.slice(i));
    if (fcc) {
      i += fcc[0].length;
      return String.fromCharCode(...fcc[1]!.split(',').map((n) => Number(n.trim())));
    }
    const num = /^\d+(\.\d+)?/.exec(s.slice(i));
    if (num) { i += num[0].length; return num[0]; }
    return null;
  };
  const sum = (): string | null => {
    let acc = term();
    if (acc === null) return null;
    for (;;) {
      ws();
      if (s[i] !== '+') return acc;
      i++;
      const t = term();
      if (t === null) return null;
      acc += t;
    }
  };
  const v = sum();
  return v === null ? null : { value: v, length: i };
}
