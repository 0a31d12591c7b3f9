import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { templateDirs } from '../rendering/view.service';
import { PORTAL_TEXT } from './index';

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path, ext) : entry.endsWith(ext) ? [path] : [];
  });
}

describe('portal texts', () => {
  it('has every key in Indonesian and in English, none empty', () => {
    const id = Object.keys(PORTAL_TEXT.id).sort();
    const en = Object.keys(PORTAL_TEXT.en).sort();
    expect(en).toEqual(id);
    for (const lang of ['id', 'en'] as const) {
      for (const [key, text] of Object.entries(PORTAL_TEXT[lang])) if (!text.trim()) throw new Error(`${lang} ${key} is empty`);
    }
  });

  it('defines every key a template asks for', () => {
    const missing: string[] = [];
    for (const file of templateDirs().flatMap((dir) => files(dir, '.hbs'))) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/[{(]t "([^"]+)"/g)) if (!(m[1] in PORTAL_TEXT.id)) missing.push(`${file.split('apps/api/src/')[1]}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps each area to its own key prefix', () => {
    const areas = ['common', 'learner', 'authoring', 'admin', 'team', 'org'];
    const stray = Object.keys(PORTAL_TEXT.id).filter((k) => !areas.includes(k.split('.')[0]));
    expect(stray).toEqual([]);
  });
});
