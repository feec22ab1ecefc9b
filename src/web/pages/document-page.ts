/** A stored document version: its facts and its decoded text with line anchors (the raw bytes are a separate route). */
import iconv from 'iconv-lite';
import { html } from 'hono/html';
import { documentHref, externalLink, fmtDate, page, reportHref, type Html } from '../layout.js';

export interface DocumentView {
  readonly id: number; readonly url: string; readonly final_url: string; readonly version: number;
  readonly fetched_at: Date; readonly first_seen_at: Date; readonly http_status: number;
  readonly content_type: string | null; readonly charset: string | null; readonly sha256: string;
  readonly size: number; readonly kind: string; readonly title: string | null; readonly bytes: Uint8Array;
}

/** The charset to decode with: the stored one, else the Content-Type's, else UTF-8. */
export function charsetOf(d: Pick<DocumentView, 'charset' | 'content_type'>): string {
  const fromType = /charset=([\w-]+)/i.exec(d.content_type ?? '')?.[1];
  const cs = (d.charset ?? fromType ?? 'utf-8').toLowerCase();
  return iconv.encodingExists(cs) ? cs : 'utf-8';
}

/** Text documents are shown decoded; PDFs, office files and images only by their raw route. */
export function isText(d: Pick<DocumentView, 'content_type' | 'bytes'>): boolean {
  const type = (d.content_type ?? '').toLowerCase();
  if (/^(text\/|application\/(xhtml\+xml|xml|json))/.test(type)) return true;
  if (type) return false;
  return !d.bytes.subarray(0, 1024).includes(0);
}

export function documentPage(d: DocumentView, reports: readonly { id: number; year: number | null; superseded_by: number | null }[]): Html {
  const text = isText(d) ? iconv.decode(Buffer.from(d.bytes), charsetOf(d)) : null;
  const lines = text === null ? [] : text.split(/\r?\n/);
  return page(d.title ?? `Document ${d.id}`, html`
<dl class="facts">
  <div><dt>URL</dt><dd>${externalLink(d.url)}${d.final_url !== d.url ? html` → ${externalLink(d.final_url)}` : ''}</dd></div>
  <div><dt>Version</dt><dd>${d.version} · fetched ${fmtDate(d.fetched_at)} · first seen ${fmtDate(d.first_seen_at)} · HTTP ${d.http_status}</dd></div>
  <div><dt>Content</dt><dd>${d.content_type ?? 'unknown type'} · ${d.size} bytes · sha256 <code>${d.sha256.slice(0, 16)}…</code> · ${d.kind}</dd></div>
  <div><dt>Raw</dt><dd><a href="${documentHref(d.id)}/raw" id="raw-link">the stored bytes</a> (served with scripts disabled)</dd></div>
  <div><dt>Reports</dt><dd>${reports.map((r) => html`<a href="${reportHref(r.id)}">report ${r.id} (${r.year ?? '?'})${r.superseded_by ? ', superseded' : ''}</a> `)}</dd></div>
</dl>
${text === null
    ? html`<p class="muted">Binary document: open the raw bytes.</p>`
    : html`<h2>Decoded text (${charsetOf(d)})</h2><pre class="source">${lines.map((l, i) => html`<span id="L${i + 1}" class="line"><a class="ln" href="#L${i + 1}">${i + 1}</a>${l}\n</span>`)}</pre>`}`);
}
