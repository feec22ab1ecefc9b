/**
 * Which report years each template covers (report-template.md): the 2019 format for
 * reports of 2019 and 2020, the 2021 format from 2021 on. Reports of earlier years
 * (the 2008 条例's free-form reports) follow no national template.
 */
import type { TemplateId } from '../model/report.js';

/** The first report year with a national statistical template. */
export const FIRST_TEMPLATE_YEAR = 2019;

/** The template a report of `year` follows by date, or null before the first. */
export function templateOfYear(year: number): TemplateId | null {
  if (year < FIRST_TEMPLATE_YEAR) return null;
  return year >= 2021 ? '2021' : '2019';
}
