import { describe, expect, test } from 'vitest';
import { classifyBody, isBodyName, kindOfName, levelOfName } from '../../src/model/body-kind.js';
import { upperDivisions } from '../../src/model/division.js';

describe('kind from the name', () => {
  test.each([
    ['合作市', 'government'], ['合作市人民政府', 'government'], ['某县', 'government'], ['某县政府', 'government'],
    ['利辛县气象局', 'department'], ['某县人民政府办公室', 'department'], ['张湾区文化和旅游局', 'department'],
    ['某市发展和改革委员会', 'department'], ['某市生态环境局某县分局', 'department'],
    ['官洲街道办事处', 'township'], ['太平镇人民政府', 'township'], ['上湾乡', 'township'], ['某苏木', 'township'],
    ['平潭综合实验区管委会', 'zone'], ['某某经济技术开发区管理委员会', 'zone'], ['西咸新区', 'zone'], ['某高新区', 'zone'],
    ['浦东新区', 'government'], ['某某协会', 'other'],
  ])('%s → %s', (name, kind) => {
    expect(kindOfName(name)).toBe(kind);
  });
  test('isBodyName accepts what the title parser needs and rejects prose', () => {
    expect(['审计局', '某县人民政府', '太平镇', '合作市', '某县'].every(isBodyName)).toBe(true);
    expect(['政府信息公开工作', '关于印发', ''].some(isBodyName)).toBe(false);
  });
  test('level from the last region word (the fallback)', () => {
    expect(['合作市', '西安市高陵区行政审批服务局', '太平镇人民政府', '甘肃省人民政府', '上湾乡人民政府', '审计局']
      .map(levelOfName)).toEqual(['市', '县', '乡', '省', '乡', null]);
  });
});

describe('classifyBody', () => {
  test('county-level cities are county level, by their code, with or without a site', () => {
    for (const name of ['慈溪市', '瑞安市', '诸暨市', '合作市']) {
      const b = classifyBody(`${name}人民政府`);
      expect([b.kind, b.level, b.regionName]).toEqual(['government', '县', name]);
    }
    expect(classifyBody('慈溪市人民政府').regionCode).toBe('330282');
  });

  test('every county-level city of the data, as government and as department', () => {
    const cities = upperDivisions().filter((d) => d.code.length === 6 && d.name.endsWith('市'));
    expect(cities.length).toBeGreaterThan(350);
    for (const d of cities) {
      const site = { bodyName: `${d.name}人民政府`, regionCode: d.code, regionName: d.name, level: '市' };
      for (const [name, kind] of [[`${d.name}人民政府`, 'government'], [`${d.name}教育局`, 'department']] as const) {
        const b = classifyBody(name, site);
        expect([name, b.kind, b.level, b.regionCode]).toEqual([name, kind, '县', d.code]);
      }
    }
  });

  test('a department on its county\'s site takes the site\'s region, the level from the code, not the registry', () => {
    const site = { bodyName: '慈溪市人民政府', regionCode: '330282', regionName: '慈溪市', level: '市' };
    expect(classifyBody('审计局', site)).toEqual({ name: '审计局', kind: 'department', level: '县', regionCode: '330282', regionName: '慈溪市' });
  });

  test('a county named on its prefecture\'s site gets its own code', () => {
    const site = { bodyName: '宁波市人民政府', regionCode: '330200', regionName: '宁波市', level: '市' };
    expect(classifyBody('慈溪市人民政府', site)).toMatchObject({ level: '县', regionCode: '330282' });
    expect(classifyBody('宁波市人民政府', site)).toMatchObject({ level: '市', regionCode: '330200' });
  });

  test('a bare 某县 that is not the site\'s body is the same government with or without the site', () => {
    const site = { bodyName: '演示市人民政府', regionCode: '110101', regionName: '演示市', level: '市' };
    const alone = classifyBody('某县');
    const onSite = classifyBody('某县', site);
    expect([alone.kind, alone.level]).toEqual(['government', '县']);
    expect([onSite.kind, onSite.level]).toEqual(['government', '县']);
  });

  test('townships are 乡, with a town code when the site narrows the name', () => {
    const site = { bodyName: '慈溪市人民政府', regionCode: '330282', regionName: '慈溪市', level: '县' };
    const town = classifyBody('观海卫镇人民政府', site);
    expect([town.kind, town.level, town.regionName]).toEqual(['township', '乡', '观海卫镇']);
    expect(town.regionCode).toMatch(/^330282\d{3}$/);
    const unknown = classifyBody('某某镇人民政府', site);
    expect([unknown.kind, unknown.level, unknown.regionCode, unknown.regionName]).toEqual(['township', '乡', '330282', '某某镇']);
  });

  test('two counties\' townships of one name are two bodies, each in its own county', () => {
    const yiwu = { bodyName: '义乌市人民政府', regionCode: '330782', regionName: '义乌市', level: '县' };
    const haiyan = { bodyName: '海盐县人民政府', regionCode: '330424', regionName: '海盐县', level: '县' };
    const a = classifyBody('上湾镇人民政府', yiwu);
    const b = classifyBody('上湾镇人民政府', haiyan);
    expect([a.regionCode, a.regionName, a.level]).toEqual(['330782', '上湾镇', '乡']);
    expect([b.regionCode, b.regionName, b.level]).toEqual(['330424', '上湾镇', '乡']);
  });

  test('a portal\'s name is no body', () => {
    expect(['永登县人民政府门户网站', '某县人民政府网', '某县政府信息公开平台'].map(kindOfName)).toEqual(['other', 'other', 'other']);
    expect(['某县气象站', '某县农业技术推广站'].map(kindOfName)).toEqual(['department', 'department']);
  });

  test('a body of the site named oddly is the site\'s government', () => {
    const site = { bodyName: '某县人民政府', regionCode: '330127', regionName: '淳安县', level: '县' };
    expect(classifyBody('某县人民政府', site)).toMatchObject({ kind: 'government', level: '县', regionCode: '330127' });
  });
});
