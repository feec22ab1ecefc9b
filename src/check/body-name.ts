/** What a body's name says about it, for reports read from files with no site registry behind them. */
import type { Body, Level } from '../model/body.js';

const LEVEL_OF: Record<string, Level> = {
  省: '省', 自治区: '省', 市: '市', 州: '市', 盟: '市', 县: '县', 区: '县', 旗: '县', 镇: '乡', 乡: '乡', 街道: '乡',
};

/**
 * The level of the last region word in the name: 合作市 → 市, 西安市高陵区行政审批服务局 → 县,
 * 太平镇人民政府 → 乡. (A county-level city reads as 市, as its name says.)
 */
export function levelOfName(name: string): Level | null {
  const words = [...name.matchAll(/自治区|街道|省|市(?!场)|州|盟|县|区|旗|镇|乡/g)];
  const last = words.at(-1)?.[0];
  return last ? LEVEL_OF[last] ?? null : null;
}

/** 人民政府/办事处/管委会 or a bare region name → government; 局/委/办/中心 … → department. */
export function kindOfName(name: string): Body['kind'] {
  if (/(镇|乡|街道)(人民政府|办事处)?$/.test(name)) return 'township';
  if (/(人民政府|管委会|管理委员会|办事处)$/.test(name) || /(省|市|州|县|区|旗)$/.test(name)) return 'government';
  if (/(局|委员会|委|办公室|办|中心|厅|院|所|站|队)(\)|）)?$/.test(name) || /分局/.test(name)) return 'department';
  return 'other';
}
