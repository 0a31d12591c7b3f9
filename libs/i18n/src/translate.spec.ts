import { messagesEn } from './messages.en';
import { messagesId } from './messages.id';
import { pickLocale, translate } from './translate';

describe('message catalogs', () => {
  it('have the same keys and the same placeholders in both languages', () => {
    expect(Object.keys(messagesEn).sort()).toEqual(Object.keys(messagesId).sort());
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(messagesId) as (keyof typeof messagesId)[]) {
      expect([key, placeholders(messagesEn[key])]).toEqual([key, placeholders(messagesId[key])]);
    }
  });

  it('speak Indonesian by default and fill placeholders', () => {
    expect(translate('rule.required', undefined, { field: 'nip' })).toBe('nip wajib diisi.');
    expect(translate('rule.required', 'en', { field: 'nip' })).toBe('nip is required.');
  });
});

describe('pickLocale', () => {
  it.each([
    [undefined, 'id'],
    ['en-US,en;q=0.9', 'en'],
    ['id-ID,id;q=0.9,en;q=0.8', 'id'],
    ['fr-FR,en;q=0.5', 'en'],
    ['en;q=0, id', 'id'],
    ['de', 'id'],
    ['garbage;;;', 'id'],
  ])('%s → %s', (header, locale) => {
    expect(pickLocale(header)).toBe(locale);
  });
});
