/** A farm report published only as a file: its page's prose and tables, printed (src/synth/documents.ts). */
import type { Cells } from '../synth/cells.js';
import { reportDocx as docx, reportPdf as pdf, type PrintedReport } from '../synth/documents.js';
import { narrative, closingParts, plain } from './pages.js';
import type { ReportModel, SiteModel } from './world.js';

const plainLines = (html: string) => plain(html).split('\n').map((l) => l.trim()).filter(Boolean);

function printed(site: SiteModel, rep: ReportModel, cells: Cells): PrintedReport {
  return {
    title: rep.title, byline: `${rep.body}  ${rep.published}`, author: site.bodyName,
    before: plainLines(narrative(site, rep, cells)), after: plainLines(closingParts(rep)), layout: rep.layout, cells,
  };
}

export const reportDocx = (site: SiteModel, rep: ReportModel, cells: Cells): Promise<Buffer> => docx(printed(site, rep, cells));
export const reportPdf = (site: SiteModel, rep: ReportModel, cells: Cells): Buffer => pdf(printed(site, rep, cells));
