import { catalogSearch } from './catalog-search';

describe('catalogSearch', () => {
  it('reads the last plain word also as a prefix', () => {
    expect(catalogSearch('  manajemen Pelay ')).toEqual({ text: 'manajemen Pelay', head: 'manajemen', prefix: 'pelay:*' });
    expect(catalogSearch('pelay')).toEqual({ text: 'pelay', head: '', prefix: 'pelay:*' });
  });

  it('builds no prefix from operators, quotes, wildcards or tsquery syntax', () => {
    for (const q of ['pelayanan -publik', '"pelayanan publ', "x:*", 'a & b | !c', "o'brien", '50%', 'a_b', 'x\\', "');DROP TABLE course;--"]) {
      expect(catalogSearch(q)?.prefix ?? null).toBeNull();
    }
  });

  it('reads control characters as spaces', () => {
    expect(catalogSearch('arsip\u0000dinas\n')).toEqual({ text: 'arsip dinas', head: 'arsip', prefix: 'dinas:*' });
  });

  it('is nothing for empty or blank text', () => {
    expect(catalogSearch(undefined)).toBeNull();
    expect(catalogSearch('   ')).toBeNull();
  });
});
