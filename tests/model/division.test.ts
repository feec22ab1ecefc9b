import { describe, expect, test } from 'vitest';
import {
  divisionByCode, divisionsNamed, lineage, levelOfCode, provinceOf, regionInName, regionName, regionPrefix, upperDivisions,
} from '../../src/model/division.js';

describe('codes', () => {
  test('prefixes drop whole zero levels only', () => {
    expect(['330000', '330100', '330106', '331000', '110000', '330106001000'].map(regionPrefix))
      .toEqual(['33', '3301', '330106', '3310', '11', '330106001']);
  });
  test('the level a code states by its shape', () => {
    expect(['330000', '330200', '330282', '330282001', '330282001001', 'x', null].map(levelOfCode))
      .toEqual(['省', '市', '县', '乡', null, null, null]);
  });
  test('names, parents, provinces', () => {
    expect(divisionByCode('330282')).toEqual({ code: '330282', name: '慈溪市', level: '县', parent: '3302' });
    expect(lineage('330282').map((d) => d.name)).toEqual(['浙江省', '宁波市', '慈溪市']);
    expect(provinceOf('623001')?.name).toBe('甘肃省');
    expect(regionName('330000')).toBe('浙江省');
    expect(divisionByCode('110101001')?.name).toBe('东华门街道');
    expect(divisionByCode('999999')).toBeNull();
  });
  test('every county-level city in the data is county level', () => {
    const cities = upperDivisions().filter((d) => d.code.length === 6 && d.name.endsWith('市'));
    expect(cities.length).toBeGreaterThan(350);
    expect(new Set(cities.map((d) => d.level))).toEqual(new Set(['县']));
  });
});

describe('names', () => {
  test('exact names, with the towns when asked', () => {
    expect(divisionsNamed('鼓楼区').length).toBe(4);
    expect(divisionsNamed('鼓楼区', { within: '3501' }).map((d) => d.code)).toEqual(['350102']);
    expect(divisionsNamed('太平镇')).toEqual([]);
    expect(divisionsNamed('太平镇', { towns: true }).length).toBeGreaterThan(10);
  });
  test('the most specific region a body name names', () => {
    expect(regionInName('慈溪市教育局')?.division?.code).toBe('330282');
    expect(regionInName('浙江省宁波市慈溪市人民政府')?.division?.code).toBe('330282');
    expect(regionInName('西安市高陵区行政审批服务局')?.division?.code).toBe('610117');
    expect(regionInName('福州市鼓楼区人民政府')?.division?.code).toBe('350102');
  });
  test('an ambiguous name still has a level; the site region narrows it', () => {
    const gl = regionInName('鼓楼区教育局')!;
    expect(gl.division).toBeNull();
    expect(gl.level).toBe('县');
    expect(regionInName('鼓楼区教育局', '3201')?.division?.code).toBe('320106');
    const town = regionInName('太平镇人民政府')!;
    expect([town.division, town.level]).toEqual([null, '乡']);
  });
  test('a name that says another region than the site wins', () => {
    expect(regionInName('慈溪市人民政府', '3301')?.division?.code).toBe('330282');
  });
  // Town names repeat across the country and the town data is incomplete: a bare 上湾镇 on a
  // county's site is that county's, not the one 上湾镇 the data knows in Gansu.
  test('a bare township name does not leave the site\'s region', () => {
    expect(regionInName('上湾镇人民政府')?.division?.code).toBe('621123111');
    expect(regionInName('上湾镇人民政府', '330782')).toBeNull();
    expect(regionInName('上湾镇人民政府', '621123')?.division?.code).toBe('621123111');
    // A county named with it still places it.
    expect(regionInName('渭源县上湾镇人民政府', '330782')?.division?.code).toBe('621123111');
  });
  test('two-character names count only at the start or after another region word', () => {
    expect(regionInName('高新区管委会')).toBeNull();
    expect(regionInName('西咸新区管委会')).toBeNull();
    expect(regionInName('某县审计局')).toBeNull();
  });
});
