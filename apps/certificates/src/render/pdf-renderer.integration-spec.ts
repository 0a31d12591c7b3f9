import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { PdfRenderer } from './pdf-renderer';

const dir = mkdtempSync(join(tmpdir(), 'mahir-render-'));
function textOf(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}
const doc = (body: string, style = '') => `<!doctype html><html><head><style>body{font-family:serif}${style}</style></head><body>${body}</body></html>`;

describe('PdfRenderer (micro-batched prints in real Chromium)', () => {
  const renderer = new PdfRenderer({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', pages: 1, batch: 4 });
  beforeAll(() => renderer.start(), 30_000);
  afterAll(async () => {
    await renderer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every certificate of a batch its own one-page PDF with its own text, in the right orientation', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `Peserta Nomor ${i + 1}`);
    const orientations = names.map((_, i): 'portrait' | 'landscape' => (i % 3 === 2 ? 'portrait' : 'landscape'));
    // Seven at once on one page with batches of four: they queue and print together.
    const pdfs = await Promise.all(names.map((n, i) => renderer.render(doc(`<h1>${n}</h1>`), orientations[i])));
    for (const [i, pdf] of pdfs.entries()) {
      const loaded = await PDFDocument.load(pdf);
      expect(loaded.getPageCount()).toBe(1);
      const { width, height } = loaded.getPage(0).getSize();
      expect(orientations[i] === 'landscape' ? width > height : height > width).toBe(true);
      const text = textOf(pdf, `c${i}`);
      expect(text).toContain(names[i]);
      for (const other of names.filter((_, j) => j !== i)) expect(text).not.toContain(other);
    }
  });

  it('keeps templates apart: one template\'s styles never reach another in the same print', async () => {
    const [red, plain] = await Promise.all([
      renderer.render(doc('<p class="x">MERAH</p>', '.x{display:none}')),
      renderer.render(doc('<p class="x">BIASA</p>')),
    ]);
    expect(textOf(red, 'red')).not.toContain('MERAH');
    expect(textOf(plain, 'plain')).toContain('BIASA');
  });

  it('clips a template taller than its page instead of shifting the rest of the batch', async () => {
    const long = doc(Array.from({ length: 200 }, (_, i) => `<p>Baris ${i}</p>`).join(''));
    const [a, b] = await Promise.all([renderer.render(long), renderer.render(doc('<h1>Sesudahnya</h1>'))]);
    expect((await PDFDocument.load(a)).getPageCount()).toBe(1);
    expect(textOf(b, 'after')).toContain('Sesudahnya');
  });
});
