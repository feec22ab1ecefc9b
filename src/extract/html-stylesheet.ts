/**
 * What a page's own `<style>` blocks hide: rules setting `display`, `visibility` or `opacity`
 * on a class or an id. Sites that guard their text against copying put decoy digits between a
 * value's digits and hide them by class (`2<span class="h7">7</span>` with `.h7{display:none}`
 * shows 2); read as text, the cell would say 27.
 *
 * Only what can be decided from the page alone is followed: selectors that are one compound of
 * an optional tag, classes and an id (`.h`, `span.h`, `#x`, `td.a.b`), in `<style>` blocks and
 * `@media` rules for every screen (no width conditions, not print), with the cascade a browser
 * applies among them and against the element's inline style (`!important`, then specificity,
 * then order). A selector that depends on where the element stands (`.box .h`, `p > span`,
 * `:first-child`) or on a bare tag name is not followed: it could hide every span of a table
 * whose context we do not build. External stylesheets are not fetched.
 */
import postcss, { type AtRule, type Container, type Rule } from 'postcss';
import { parse as parseSelector, SelectorType, type Selector } from 'css-what';

type Prop = 'display' | 'visibility' | 'opacity';
const PROPS: readonly Prop[] = ['display', 'visibility', 'opacity'];

interface Declared { readonly hides: boolean; readonly important: boolean }

interface HidingRule extends Declared {
  readonly tag: string | null;
  readonly id: string | null;
  readonly classes: readonly string[];
  readonly prop: Prop;
  readonly specificity: number;
  readonly order: number;
}

/** An element as the rules see it: its tag name and raw attribute values. */
export interface StyledElement {
  readonly name: string;
  readonly className?: string | undefined;
  readonly id?: string | undefined;
  readonly style?: string | undefined;
}

const STYLE_BLOCK = /<style\b([^>]*)>([\s\S]*?)(?:<\/style\s*>|$)/gi;
const MEDIA_ATTR = /\bmedia\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
// Cheap test before parsing: a block that never says display, visibility or opacity has no rule for us.
const MENTIONS = /display|visibility|opacity/i;

/** Whether a media list applies to a browser's screen whatever its size: `screen`, `all`, or none given. */
function forEveryScreen(media: string): boolean {
  const m = media.trim().toLowerCase();
  if (!m) return true;
  return m.split(',').some((q) => /^(?:only\s+)?(?:screen|all)$/.test(q.trim()));
}

const HIDING_VALUE: Record<Prop, RegExp> = { display: /^none$/i, visibility: /^(?:hidden|collapse)$/i, opacity: /^0*(?:\.0*)?%?$/ };
const hidesValue = (prop: Prop, value: string): boolean => HIDING_VALUE[prop].test(value.trim());

/** One selector as a compound of tag, id and classes, or null when it is anything else. */
function compound(sel: Selector[]): { tag: string | null; id: string | null; classes: string[] } | null {
  let tag: string | null = null, id: string | null = null;
  const classes: string[] = [];
  for (const [i, t] of sel.entries()) {
    if (t.type === SelectorType.Tag && i === 0) tag = t.name.toLowerCase();
    else if (t.type === SelectorType.Universal && i === 0) continue;
    else if (t.type === SelectorType.Attribute && t.name === 'class' && t.action === 'element') classes.push(t.value);
    else if (t.type === SelectorType.Attribute && t.name === 'id' && t.action === 'equals' && id === null) id = t.value;
    else return null;
  }
  return classes.length || id !== null ? { tag, id, classes } : null;
}

function selectorsOf(text: string): Selector[][] {
  try { return parseSelector(text); } catch { return []; }
}

/** The hiding rules of a page's style blocks, indexed by the class or id they name (immutable once built). */
export class PageStyles {
  private readonly byClass = new Map<string, HidingRule[]>();
  private readonly byId = new Map<string, HidingRule[]>();
  private order = 0;

  /** The page's rules, or null when no style block of it sets display, visibility or opacity on a class or id. */
  static of(html: string): PageStyles | null {
    if (!/<style/i.test(html)) return null;
    const sheets: string[] = [];
    for (const m of html.matchAll(STYLE_BLOCK)) {
      const media = MEDIA_ATTR.exec(m[1] ?? '');
      if (media && !forEveryScreen(media[1] ?? media[2] ?? media[3] ?? '')) continue;
      if (MENTIONS.test(m[2] ?? '')) sheets.push(m[2]!);
    }
    if (!sheets.length) return null;
    // A site's pages share their style blocks: each set is parsed once (a few hundred kept).
    const key = sheets.join('\u0000');
    if (PARSED.has(key)) return PARSED.get(key)!;
    const styles = new PageStyles();
    for (const css of sheets) styles.addSheet(css);
    const out = styles.byClass.size || styles.byId.size ? styles : null;
    if (PARSED.size >= 256) PARSED.clear();
    PARSED.set(key, out);
    return out;
  }

  private addSheet(css: string): void {
    let root;
    try { root = postcss.parse(css.replace(/^\s*<!--|-->\s*$/g, '')); } catch { return; }
    this.addContainer(root);
  }

  private addContainer(c: Container): void {
    c.each((node) => {
      if (node.type === 'rule') this.addRule(node);
      else if (node.type === 'atrule' && isScreenGroup(node)) this.addContainer(node);
    });
  }

  private addRule(rule: Rule): void {
    const decls: (Declared & { prop: Prop })[] = [];
    rule.each((d) => {
      if (d.type !== 'decl') return;
      const prop = d.prop.toLowerCase();
      if ((PROPS as readonly string[]).includes(prop)) decls.push({ prop: prop as Prop, hides: hidesValue(prop as Prop, d.value), important: !!d.important });
    });
    if (!decls.length) return;
    for (const sel of selectorsOf(rule.selector)) {
      const c = compound(sel);
      if (!c) continue;
      const specificity = (c.id ? 10_000 : 0) + c.classes.length * 100 + (c.tag ? 1 : 0);
      for (const d of decls) {
        const r: HidingRule = { ...c, ...d, specificity, order: this.order++ };
        const [index, key] = c.id !== null ? [this.byId, c.id] : [this.byClass, c.classes[0]!];
        const list = index.get(key);
        if (list) list.push(r); else index.set(key, [r]);
      }
    }
  }

  /**
   * Whether the element is hidden, its inline style weighed against the rules that match it;
   * null when no rule of the sheet matches it (its inline style alone decides).
   */
  hides(el: StyledElement): boolean | null {
    const classes = el.className ? el.className.split(/\s+/).filter(Boolean) : [];
    const matching = [...classes.flatMap((k) => this.byClass.get(k) ?? []), ...(el.id ? this.byId.get(el.id) ?? [] : [])]
      .filter((r) => (r.tag === null || r.tag === el.name) && (r.id === null || r.id === el.id) && r.classes.every((k) => classes.includes(k)));
    if (!matching.length) return null;
    return PROPS.some((prop) => winner(prop, matching, el.style)?.hides ?? false);
  }
}

const PARSED = new Map<string, PageStyles | null>();

function isScreenGroup(node: AtRule): boolean {
  const name = node.name.toLowerCase();
  return (name === 'media' && forEveryScreen(node.params)) || name === 'supports';
}

const declaration = (prop: Prop) => new RegExp(String.raw`(?:^|;)\s*${prop}\s*:\s*([^;!]*?)\s*(!\s*important)?\s*(?=;|$)`, 'gi');
const DECL: Record<Prop, RegExp> = { display: declaration('display'), visibility: declaration('visibility'), opacity: declaration('opacity') };

/** The last declaration of `prop` in an inline style (the one a browser keeps), if any. */
function inlineDeclared(style: string | undefined, prop: Prop): Declared | null {
  if (!style) return null;
  let last: Declared | null = null;
  for (const m of style.matchAll(DECL[prop])) {
    const d = { hides: hidesValue(prop, m[1]!), important: !!m[2] };
    if (!last || d.important || !last.important) last = d;
  }
  return last;
}

/**
 * Whether an element's inline style alone hides it, as a browser reads the attribute: of each
 * property the last declaration counts (an `!important` one over later plain ones), so
 * `display:none;display:inline` shows its element.
 */
export const inlineStyleHides = (style: string | undefined): boolean =>
  !!style && PROPS.some((prop) => inlineDeclared(style, prop)?.hides ?? false);

/** The declaration of `prop` that wins the cascade: `!important` first, then inline, specificity and order. */
function winner(prop: Prop, rules: readonly HidingRule[], style: string | undefined): Declared | null {
  let best: HidingRule | null = null;
  for (const r of rules) {
    if (r.prop !== prop) continue;
    if (!best || (r.important !== best.important ? r.important : r.specificity !== best.specificity ? r.specificity > best.specificity : r.order > best.order)) best = r;
  }
  const inline = inlineDeclared(style, prop);
  if (inline && (!best || inline.important || !best.important)) return inline;
  return best;
}
