/**
 * Narratives for synthetic reports: the figures of the table restated in the usual phrases,
 * between filler sentences drawn from a pool so that two reports share little text.
 */
import type { Level } from '../model/body.js';
import type { TemplateId } from '../model/report.js';
import type { Rng } from './random.js';

/** The word a body uses for its own region (我县, 我镇 …). */
export const LEVEL_CHAR: Record<Level, string> = { 省: '省', 市: '市', 县: '县', 乡: '镇' };

const FILLER: readonly string[] = [
  '坚持以人民为中心的发展思想，把政务公开作为建设法治政府的重要抓手',
  '健全信息发布协调机制，明确各科室信息报送责任人',
  '严格落实信息发布“三审三校”制度，确保内容准确规范',
  '围绕重大决策部署和惠民政策，做好政策解读和舆情回应',
  '持续优化门户网站栏目设置，方便群众查找和使用信息',
  '加强政务新媒体日常监管，及时清理长期不更新的账号',
  '推进基层政务公开标准化规范化，完善公开事项目录',
  '认真办理人大代表建议和政协委员提案，结果按规定公开',
  '做好财政预决算信息公开，接受社会监督',
  '在政务服务大厅设置政务公开专区，提供查阅和咨询服务',
  '组织开展政务公开业务培训，提升工作人员业务能力',
  '将政务公开工作纳入年度绩效考核，压实工作责任',
  '落实保密审查制度，防止涉密和敏感信息公开',
  '规范依申请公开办理流程，统一答复文书格式',
  '畅通政民互动渠道，及时回应群众关切和诉求',
  '开展政府开放日活动，邀请群众代表参与',
  '加强重点领域信息公开，突出公共资源配置和社会公益事业',
  '完善政策文件库，集中公开现行有效的规范性文件',
  '推进决策公开，重要决策事项在出台前公开征求意见',
  '规范政府公报编印和发放，方便群众免费取阅',
  '对照考核指标逐项自查，建立问题整改台账',
  '加强网站内容安全防护，定期开展安全检测',
  '持续推进办事指南标准化，提高办事服务透明度',
  '着力提升信息公开的及时性和准确性，回应社会期待',
  '深化“互联网+政务服务”，推动更多事项网上办理',
  '做好突发事件和公共卫生信息发布，稳定社会预期',
  '推进民生实事项目进展公开，让群众看得见摸得着',
  '加强对下级单位政务公开工作的指导和监督',
  '及时调整政务公开工作领导小组，充实工作力量',
  '聚焦营商环境优化，公开涉企政策和惠企措施',
  '规范行政执法信息公示，落实执法公示制度',
  '梳理公开事项清单，实行动态调整',
  '利用短视频和图解等形式，增强政策解读的生动性',
  '做好历史信息整理归档，提升信息管理水平',
  '完善信息公开申请接收渠道，提供网上和当面多种方式',
  '对群众反映的问题建立台账，限期办结并反馈',
  '强化工作人员保密意识，规范信息发布审批程序',
  '推进政务数据有序开放，探索数据资源利用',
  '组织开展政务公开工作专项督查，通报督查结果',
  '认真总结经验做法，推动政务公开工作提质增效',
];

const WEAKNESS: readonly string[] = [
  '公开内容的深度和广度还有待提高', '政策解读形式较为单一', '工作人员业务水平参差不齐',
  '基层公开专区使用率不高', '信息更新的及时性有待加强', '互动回应的质量需要提升',
];

export interface NarrativeFigures {
  template: TemplateId; year: number; level: Level; organization: string;
  applications: number; granted: number; issued: number | null; repealed: number | null;
  review: number; litigation: number;
}

export function narrative(r: Rng, f: NarrativeFigures): string {
  const we = `我${LEVEL_CHAR[f.level]}`;
  const pool = r.shuffle(FILLER);
  const fill = (n: number) => pool.splice(0, n).join('；');
  const parts = [
    `一、总体情况`,
    `${f.year}年，${f.organization}认真贯彻落实《中华人民共和国政府信息公开条例》，${fill(r.int(2, 4))}。`,
    `（一）主动公开。${fill(r.int(2, 3))}。` + (f.issued !== null && f.repealed !== null
      ? `本年度${r.pick(['', '共'])}制发行政规范性文件${f.issued}件，废止${f.repealed}件。` : ''),
    `（二）依申请公开。${f.year}年${r.pick(['全年', '', '本年度'])}${r.pick(['共收到', '共受理', '收到'])}政府信息公开申请${f.applications}件，`
      + `其中予以公开${f.granted}件，${fill(1)}。`,
    `（三）政府信息管理。${fill(r.int(2, 3))}。`,
    `（四）监督保障。${fill(r.int(1, 3))}，${we}未发生因政府信息公开引起的重大舆情。`,
    `二、行政复议、行政诉讼情况`,
    `${f.year}年，因政府信息公开被申请行政复议${f.review}件，被提起行政诉讼${f.litigation}件。`,
    `三、存在的主要问题及改进情况`,
    `${we}政务公开工作仍存在一些不足：${r.shuffle(WEAKNESS).slice(0, 2).join('，')}。下一步，${fill(r.int(2, 3))}。`,
    `四、其他需要报告的事项`,
    `本年度${we}未收取信息处理费。${fill(1)}。`,
  ];
  return parts.join('\n');
}
