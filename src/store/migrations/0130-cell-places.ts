/**
 * Provenance that lands on the stored document: character offsets of a value
 * in the document's decoded text (HTML: its <td>), the box on its page (PDF,
 * OFD), and the line of the text a document reader derived (PDF, DOCX, DOC),
 * kept apart from `line_index`, which counts lines of the stored document only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_cells')
    .addColumn('span_start', 'integer')
    .addColumn('span_end', 'integer')
    .addColumn('box', 'jsonb')
    .addColumn('text_line', 'integer')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['text_line', 'box', 'span_end', 'span_start']) await db.schema.alterTable('report_cells').dropColumn(c).execute();
}
