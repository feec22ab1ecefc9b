/** Builders for hand-made extractions used by store and pipeline tests. */
import type { ExtractedCell, ExtractionOk } from '../../src/model/report.js';
import { tableOf } from '../../src/template/keys.js';

/** An ExtractionOk stating exactly `cells` (null = a blank the page shows). */
export function extraction(cells: Record<string, number | null>, over: Partial<ExtractionOk> = {}): ExtractionOk {
  const details: ExtractedCell[] = Object.entries(cells).map(([key, value], i) => ({
    key, value, raw: value === null ? '/' : String(value), how: 'read',
    provenance: { table: tableOf(key) ?? 'B', line: i },
  }));
  return {
    ok: true, template: '2021', year: 2023, organization: '测试县人民政府', title: '测试县2023年政府信息公开工作年度报告',
    cells, details, text: '一、总体情况 本年共收到申请6件。', warnings: [], ...over,
  };
}
