import { NATIONAL_DICTIONARY, NATIONAL_DICTIONARY_VERSION } from './national-dictionary';

describe('national competency dictionary (PermenPANRB 38/2017)', () => {
  it('is versioned after the regulation', () => {
    expect(NATIONAL_DICTIONARY_VERSION).toBe('38/2017');
  });

  it('holds the nine competencies in the regulation order, Perekat Bangsa last', () => {
    expect(NATIONAL_DICTIONARY).toHaveLength(9);
    expect(NATIONAL_DICTIONARY.map((c) => [c.code, c.type, c.name])).toEqual([
      ['M.1', 'manajerial', 'Integritas'],
      ['M.2', 'manajerial', 'Kerja Sama'],
      ['M.3', 'manajerial', 'Komunikasi'],
      ['M.4', 'manajerial', 'Orientasi pada Hasil'],
      ['M.5', 'manajerial', 'Pelayanan Publik'],
      ['M.6', 'manajerial', 'Pengembangan Diri dan Orang Lain'],
      ['M.7', 'manajerial', 'Mengelola Perubahan'],
      ['M.8', 'manajerial', 'Pengambilan Keputusan'],
      ['SK.1', 'sosial_kultural', 'Perekat Bangsa'],
    ]);
  });

  it('has eight managerial and one socio-cultural competency', () => {
    expect(NATIONAL_DICTIONARY.filter((c) => c.type === 'manajerial')).toHaveLength(8);
    expect(NATIONAL_DICTIONARY.filter((c) => c.type === 'sosial_kultural')).toHaveLength(1);
  });

  it('uses unique, uppercase codes', () => {
    const codes = NATIONAL_DICTIONARY.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^(M\.[1-8]|SK\.1)$/);
  });

  it('gives every competency a non-empty name and definition', () => {
    for (const c of NATIONAL_DICTIONARY) {
      expect(c.name.trim()).not.toBe('');
      expect(c.description.trim().length).toBeGreaterThan(20);
    }
  });

  it('gives every competency exactly the levels 1 to 5 in order', () => {
    for (const c of NATIONAL_DICTIONARY) {
      expect(c.levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('gives every level a non-empty description and 3 to 4 non-empty indicators', () => {
    for (const c of NATIONAL_DICTIONARY) {
      for (const l of c.levels) {
        expect(l.description.trim()).not.toBe('');
        expect(l.indicators.length).toBeGreaterThanOrEqual(3);
        expect(l.indicators.length).toBeLessThanOrEqual(4);
        for (const indicator of l.indicators) expect(indicator.trim()).not.toBe('');
      }
    }
  });

  it('never repeats a level description or an indicator within one competency', () => {
    for (const c of NATIONAL_DICTIONARY) {
      const descriptions = c.levels.map((l) => l.description.trim().toLowerCase());
      expect(new Set(descriptions).size).toBe(descriptions.length);
      const indicators = c.levels.flatMap((l) => l.indicators.map((i) => i.trim().toLowerCase()));
      expect(new Set(indicators).size).toBe(indicators.length);
    }
  });

  it('contains no placeholder text', () => {
    const texts = NATIONAL_DICTIONARY.flatMap((c) => [
      c.code,
      c.name,
      c.description,
      ...c.levels.flatMap((l) => [l.description, ...l.indicators]),
    ]);
    for (const text of texts) {
      expect(text).not.toMatch(/\bTODO\b|\bFIXME\b|\bTBD\b/);
      expect(text).not.toMatch(/lorem|ipsum/i);
      expect(text).not.toContain('...');
      expect(text).not.toContain('\u2026');
      expect(text).toBe(text.trim());
    }
  });
});
