/**
 * The prose of a synthetic report: 一、总体情况 restating the table's figures in the usual
 * phrases, and 五/六 at the end, worded per report from sentence pools so that two sound
 * reports share little text (the copy rules must not fire on them).
 */
import type { Level } from '../model/body.js';
import type { TemplateId } from '../model/report.js';
import { tableBKey, tableCKey } from '../template/index.js';
import type { Cells } from './cells.js';
import type { Rng } from './random.js';

/** The word a body uses for its own region (我县, 我镇 …). */
export const LEVEL_CHAR: Record<Level, string> = { 省: '省', 市: '市', 县: '县', 乡: '镇' };

export interface OverviewInput {
  year: number;
  template: TemplateId;
  cells: Cells;
  /** How the report speaks of its author: 我县/我市 for a government, 本机关 for a department. */
  speaker: string;
  /** The region named in one of the work sentences (杭州市淳安县). */
  place: string;
  /** Added to the 新收 figure: a narrative contradicting its own table (a planted flaw). */
  receivedOffset?: number;
}

const num = (cells: Cells, key: string): number => (cells[key] as number | null) ?? 0;

/** 一、总体情况 as two lines: the heading and one paragraph restating the figures. */
export function overview(r: Rng, x: OverviewInput): string[] {
  const { cells } = x;
  const received = num(cells, tableBKey('new_received', 'total')) + (x.receivedOffset ?? 0);
  const granted = num(cells, tableBKey('granted', 'total'));
  const reviews = num(cells, tableCKey('review', 'total'));
  const suits = num(cells, tableCKey('litigation_direct', 'total')) + num(cells, tableCKey('litigation_after_review', 'total'));
  const docs = x.template === '2021'
    ? `本年制发行政规范性文件${cells['active.normative_documents.issued']}件，废止${cells['active.normative_documents.repealed']}件。`
    : `本年新制作规范性文件${cells['active.normative_documents.new_made']}件，新公开${cells['active.normative_documents.new_published']}件。`;
  const pickN = (pool: readonly string[], n: number) => {
    const xs = [...pool];
    for (let i = xs.length - 1; i > 0; i--) { const j = r.int(0, i); [xs[i], xs[j]] = [xs[j]!, xs[i]!]; }
    return xs.slice(0, n).join('');
  };
  const output = `全年通过门户网站主动公开政府信息${r.int(120, 4000)}条，政务新媒体发布信息${r.int(50, 2000)}条，`
    + `${r.pick(['召开新闻发布会', '开展在线访谈'])}${r.int(2, 30)}场次，发布政策解读${r.int(5, 80)}篇。`;
  return ['一、总体情况', `${x.year}年，${x.speaker}${r.pick(OPENINGS)}${pickN(WORK, 4).replace(/PLACE/g, x.place)}${output}${docs}`
    + `${r.pick(['全年共', '本年度共', '全年'])}新收政府信息公开申请${received}件，其中予以公开${granted}件${r.pick(['，均在法定期限内答复。', '。', '，办理结果已按时送达申请人。'])}`
    + `全年发生政府信息公开行政复议${reviews}件，行政诉讼${suits}件。${pickN(CLOSINGS, 2)}`];
}

/** 五 and 六 as four lines (heading, paragraph, heading, paragraph). */
export function closing(r: Rng): string[] {
  return ['五、存在的主要问题及改进情况', `${r.pick(PROBLEMS)}${r.pick(PROBLEMS.slice(2))}${r.pick(FIXES)}`,
    '六、其他需要报告的事项', r.pick(OTHER)];
}

const OPENINGS = [
  '坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，',
  '在上级政务公开办的指导下，对照年度政务公开工作要点，',
  '围绕中心工作和群众关切，紧扣“公开为常态、不公开为例外”原则，',
  '按照政务公开标准化规范化建设要求，',
  '严格执行政府信息公开各项制度，',
];
const WORK = [
  '持续优化政府信息公开专栏，及时更新机构职能、规划计划、财政预决算等信息；',
  '加强政策解读，通过图文、视频、新闻发布会等形式解读重要政策PLACE群众关心的事项；',
  '规范依申请公开办理流程，实行登记、审核、答复全程留痕；',
  '深化重点领域信息公开，围绕乡村振兴、教育、医疗、就业等领域主动发布信息；',
  '严格落实信息发布保密审查，未发生泄密事件；',
  '推进政务新媒体规范管理，整合关停一批更新缓慢的账号；',
  '开展政府开放日活动，邀请群众代表走进机关、参与决策；',
  '完善政务公开工作机制，明确专人负责、分级审核；',
  '更新完善主动公开基本目录，做到应公开尽公开；',
  '做好建议提案办理结果公开，全文公开答复件；',
  '推动基层政务公开标准目录落地，覆盖所辖各乡镇；',
  '加强政府信息管理，开展规范性文件清理；',
  '强化政务服务事项公开，编制办事指南并在线公布；',
  '推进财政资金信息公开，细化到项目和经济分类；',
];
const CLOSINGS = [
  '政府网站全年平稳运行，无重大安全事故。',
  '组织政务公开业务培训，提升工作人员业务能力。',
  '认真办理网民留言，回复率保持较高水平。',
  '配合完成上级政务公开第三方评估工作。',
  '健全考核机制，将政务公开纳入年度绩效考核。',
];
const PROBLEMS = [
  '政策解读形式较为单一，图解、视频等解读比例不高。', '部分栏目更新不够及时，信息发布的时效性有待提高。',
  '依申请公开答复文书规范化程度仍需提升。', '基层政务公开标准目录的应用还不够深入。',
  '工作人员业务能力参差不齐，培训覆盖面不够。', '公众参与渠道利用率不高，互动回应质量有待加强。',
];
const FIXES = [
  '下一步将加强业务培训，提高信息公开质量。', '下一步将完善审核机制，确保信息准确及时发布。',
  '我们将拓展解读形式，增强政策解读的针对性。', '将健全考核评议制度，推动各项任务落实落地。',
];
const OTHER = ['本年度未收取信息处理费。', '本年度无其他需要报告的事项。', '本机关本年度未发出收费通知，未收取信息处理费。',
  '按照《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。'];
