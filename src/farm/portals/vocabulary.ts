/**
 * The words and slugs real county portals use for the places a crawler must
 * pass on the way to a 年报 column, as data. Each pool is drawn from per seed.
 * `HELD_OUT` variants are used only by the held-out family (see portal-model.ts):
 * the column finder is never tuned against them.
 */

export interface Named { readonly text: string; readonly slug: string }

/** Home page → the 信息公开 hub. */
export const GK_HUB: readonly Named[] = [
  { text: '政府信息公开', slug: 'zfxxgk' }, { text: '信息公开', slug: 'xxgk' }, { text: '政务公开', slug: 'zwgk' },
  { text: '公开目录', slug: 'gkml' }, { text: '政府信息公开专栏', slug: 'zfxxgkzl' }, { text: '信息公开目录', slug: 'xxgkml' },
  { text: '政务公开专栏', slug: 'zwgkzl' }, { text: '法定主动公开内容', slug: 'fdzdgknr' },
];

/** The 年报 column. */
export const COLUMN: readonly Named[] = [
  { text: '政府信息公开年报', slug: 'zfxxgknb' }, { text: '政府信息公开工作年度报告', slug: 'xxgknb' },
  { text: '年度报告', slug: 'ndbg' }, { text: '信息公开年报', slug: 'xxgknb' }, { text: '政务公开年报', slug: 'zwgknb' },
  { text: '政府信息公开年度报告', slug: 'gknb' }, { text: '年报', slug: 'nb' }, { text: '信息公开年度报告', slug: 'xxgkndbg' },
  { text: '政府信息公开工作报告', slug: 'gzbg' },
];

/** Department and township directories below the hub. */
export const DEPT_DIR: readonly Named[] = [
  { text: '部门信息公开', slug: 'bmxxgk' }, { text: '部门', slug: 'bm' }, { text: '政府部门', slug: 'zfbm' },
  { text: '部门信息公开目录', slug: 'bmgkml' }, { text: '部门政务公开', slug: 'bmzwgk' }, { text: '县直部门', slug: 'xzbm' },
];
export const TOWN_DIR: readonly Named[] = [
  { text: '乡镇街道', slug: 'xzjd' }, { text: '乡镇（街道）信息公开', slug: 'xzjdxxgk' }, { text: '镇街信息公开', slug: 'zjxxgk' },
  { text: '乡镇政府', slug: 'xzzf' }, { text: '乡镇信息公开', slug: 'xz' }, { text: '镇（街道）', slug: 'zjd' },
];
/** Portals that list every body in one directory. */
export const ALL_DIR: readonly Named[] = [
  { text: '部门及乡镇信息公开', slug: 'bmxz' }, { text: '信息公开单位', slug: 'gkdw' }, { text: '政府信息公开平台', slug: 'gkpt' },
];

/** What else a hub or a body's page links: never a 年报 column, often scored by a naive finder. */
export const HUB_SIBLINGS: readonly Named[] = [
  { text: '政府信息公开指南', slug: 'zfxxgkzn' }, { text: '政府信息公开制度', slug: 'zfxxgkzd' }, { text: '依申请公开', slug: 'ysqgk' },
  { text: '机构信息', slug: 'jgxx' }, { text: '政策文件', slug: 'zcwj' }, { text: '规划计划', slug: 'ghjh' },
  { text: '财政预决算', slug: 'czyjs' }, { text: '人事信息', slug: 'rsxx' }, { text: '政策解读', slug: 'zcjd' },
  { text: '政府信息公开目录', slug: 'zfxxgkml' }, { text: '年度计划', slug: 'ndjh' }, { text: '工作报告', slug: 'gzbgk' },
];

/** The home page's other navigation. */
export const HOME_NAV: readonly Named[] = [
  { text: '首页', slug: '' }, { text: '新闻中心', slug: 'xwzx' }, { text: '走进', slug: 'zj' }, { text: '政务服务', slug: 'zwfw' },
  { text: '互动交流', slug: 'hdjl' }, { text: '数据发布', slug: 'sjfb' }, { text: '专题专栏', slug: 'ztzl' },
];

export const DEPARTMENTS: readonly Named[] = [
  { text: '发展和改革局', slug: 'fgj' }, { text: '教育局', slug: 'jyj' }, { text: '科学技术局', slug: 'kjj' }, { text: '公安局', slug: 'gaj' },
  { text: '民政局', slug: 'mzj' }, { text: '司法局', slug: 'sfj' }, { text: '财政局', slug: 'czj' }, { text: '人力资源和社会保障局', slug: 'rsj' },
  { text: '自然资源局', slug: 'zrzyj' }, { text: '生态环境分局', slug: 'sthjj' }, { text: '住房和城乡建设局', slug: 'zjj' },
  { text: '交通运输局', slug: 'jtj' }, { text: '水利局', slug: 'slj' }, { text: '农业农村局', slug: 'nyncj' }, { text: '商务局', slug: 'swj' },
  { text: '文化和旅游局', slug: 'wlj' }, { text: '卫生健康局', slug: 'wjj' }, { text: '退役军人事务局', slug: 'tyjrj' },
  { text: '应急管理局', slug: 'yjglj' }, { text: '审计局', slug: 'sjj' }, { text: '市场监督管理局', slug: 'scjgj' },
  { text: '统计局', slug: 'tjj' }, { text: '医疗保障局', slug: 'ybj' }, { text: '林业局', slug: 'lyj' }, { text: '人民政府办公室', slug: 'zfb' },
  { text: '民族宗教事务局', slug: 'mzzjj' }, { text: '信访局', slug: 'xfj' }, { text: '城市管理局', slug: 'cgj' },
  { text: '行政审批服务局', slug: 'xzspj' }, { text: '乡村振兴局', slug: 'xczxj' }, { text: '粮食和物资储备局', slug: 'lsj' },
  { text: '投资促进局', slug: 'tcj' }, { text: '大数据发展中心', slug: 'dsj' }, { text: '档案馆', slug: 'dag' },
];

/** Township name stems (+ 镇 / 乡 / 街道). */
export const TOWN_STEMS: readonly string[] = [
  '城关', '新华', '东城', '西城', '南山', '北山', '河口', '白云', '青山', '石桥', '龙泉', '大营', '马场', '黄土', '柳林',
  '双塔', '红星', '永安', '太平', '长乐', '清水', '三岔', '高桥', '杨柳', '金川', '安定', '新集', '梨园', '沙河', '古城',
  '平川', '上湾', '下庄', '花园', '东关', '西关', '临河', '凤凰', '鹿鸣', '桃源',
];

/** Pinyin-ish slugs for township stems (same order). */
export const TOWN_SLUGS: readonly string[] = [
  'cg', 'xh', 'dc', 'xc', 'ns', 'bs', 'hk', 'by', 'qs', 'sq', 'lq', 'dy', 'mc', 'ht', 'll',
  'st', 'hx', 'ya', 'tp', 'cl', 'qsh', 'sc', 'gq', 'yl', 'jc', 'ad', 'xj', 'ly', 'sh', 'gc',
  'pc', 'sw', 'xz', 'hy', 'dg', 'xg', 'lh', 'fh', 'lm', 'ty',
];

/** Variants only the held-out family uses. */
export const HELD_OUT = {
  hub: [{ text: '政务公开平台', slug: 'zwgkpt' }, { text: '公开', slug: 'gk' }] as readonly Named[],
  column: [{ text: '政府信息公开年度报告专栏', slug: 'ndbgzl' }, { text: '年报公开', slug: 'nbgk' }, { text: '公开年报', slug: 'gknb2' }] as readonly Named[],
  deptDir: [{ text: '部门单位', slug: 'bmdw' }, { text: '市直单位', slug: 'szdw' }] as readonly Named[],
  townDir: [{ text: '镇街道', slug: 'zjdao' }, { text: '街镇', slug: 'jz' }] as readonly Named[],
} as const;
