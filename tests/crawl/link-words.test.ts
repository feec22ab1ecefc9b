/** What a link's words and URL say before it is fetched: report titles as lists write them, attachments, download names. */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { isCutReportTitle, isReportTitle, reportYear } from '../../src/crawl/classify.js';
import { attachmentExt } from '../../src/crawl/discover.js';
import { dispositionName } from '../../src/crawl/disposition.js';

describe('report titles', () => {
  it.each([
    ['某县人民政府二〇二三年度政府信息公开工作年度报告', true, 2023],
    ['某县审计局二○二二年政府信息公开工作年度报告', true, 2022],
    ['某县统计局２０２１年政府信息公开工作年度报告', true, 2021],
    ['某县人民政府二〇二三年政务公开工作要点', false, 2023],
  ])('%s', (title, report, year) => {
    expect(isReportTitle(title)).toBe(report);
    expect(reportYear(title)).toBe(year);
  });

  it.each([
    ['某某县人民政府2023年度政府信息公开工作年...', true],
    ['某某县财政局2023年政府信息公开工作…', true],
    ['某某县财政局二〇二三年政务公开工作年度报．．．', true],
    ['关于做好2023年度政府信息公开工作年度报告...', true],
    ['某某县2023年政务公开工作要点...', false],
    ['某某县人民政府2023年度政府信息公开工作年度报告', false],
    ['某某县政务公开专栏...', false],
  ])('cut short: %s → %s', (title, cut) => {
    expect(isCutReportTitle(title)).toBe(cut);
  });
});

describe('attachmentExt', () => {
  it.each([
    ['http://a.test/u/P020240115.pdf', '', 'pdf'],
    ['http://a.test/module/download/downfile.jsp?classid=0&filename=2401151234.pdf', '2023年年报', 'pdf'],
    ['http://a.test/dl.do?fileName=%E5%B9%B4%E6%8A%A5.docx', '', 'docx'],
    ['http://a.test/attach/download?id=77', '附件：某县2023年年报.ofd', 'ofd'],
    ['http://a.test/attach/download?id=78', '点击下载', 'bin'],
    ['http://a.test/attach/download?id=79', '在线访谈', ''],
    ['http://a.test/interview/?id=9', '附件', ''],
    ['http://a.test/show.jsp?name=photo.jpg', '', ''],
  ])('%s (%s) → %s', (url, text, ext) => {
    expect(attachmentExt(url, text)).toBe(ext);
  });
});

describe('dispositionName', () => {
  it('reads RFC 5987, quoted, percent-escaped, and raw UTF-8 or GBK names', () => {
    expect(dispositionName("attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf")).toBe('年报.pdf');
    expect(dispositionName('attachment; filename="nb77.pdf"')).toBe('nb77.pdf');
    expect(dispositionName('attachment; filename=%E5%B9%B4%E6%8A%A5.pdf')).toBe('年报.pdf');
    expect(dispositionName(`attachment; filename="${Buffer.from('年报.pdf').toString('latin1')}"`)).toBe('年报.pdf');
    expect(dispositionName(`attachment; filename="${iconv.encode('年度报告.pdf', 'gbk').toString('latin1')}"`)).toBe('年度报告.pdf');
    expect(dispositionName('inline')).toBeNull();
    expect(dispositionName(undefined)).toBeNull();
  });
});
