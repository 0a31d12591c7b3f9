import fc from 'fast-check';
import { evidenceTypeOf, fileTypeOf } from './evidence-type';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('evidenceTypeOf', () => {
  it.each([
    ['a PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf', '.pdf'],
    ['a PNG', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]), 'image/png', '.png'],
    ['a JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'), 'image/jpeg', '.jpg'],
    ['a JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1]), 'image/jpeg', '.jpg'],
  ])('recognises %s by its first bytes', (_name, file, contentType, extension) => {
    expect(evidenceTypeOf(file)).toEqual({ contentType, extension });
  });

  it.each([
    ['a Windows program', bytes('MZ\x90\x00\x03\x00')],
    ['plain text', bytes('Laporan asesmen 2025')],
    ['HTML', bytes('<!doctype html><script>alert(1)</script>')],
    ['a ZIP (or DOCX)', bytes([0x50, 0x4b, 0x03, 0x04])],
    ['a GIF', bytes('GIF89a')],
    ['a PDF marker past the start', bytes(' %PDF-1.7')],
    ['a truncated PNG signature', bytes([0x89], 'PNG\r\n')],
    ['a truncated PDF marker', bytes('%PDF')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, file) => {
    expect(evidenceTypeOf(file)).toBeNull();
  });

  it('decides by the first bytes alone: what follows never changes the verdict', () => {
    fc.assert(
      fc.property(fc.constantFrom(bytes('%PDF-'), bytes([0x89], 'PNG\r\n\x1a\n'), bytes([0xff, 0xd8, 0xff])), fc.uint8Array({ maxLength: 64 }), (head, tail) => {
        expect(evidenceTypeOf(Buffer.concat([head, tail]))).toEqual(evidenceTypeOf(head));
      }),
    );
  });
});

describe('fileTypeOf (course media)', () => {
  it.each([
    ['an MP4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]), 'video/mp4', '.mp4'],
    ['a WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]), 'video/webm', '.webm'],
    ['a WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp', '.webp'],
  ])('recognises %s by its first bytes', (_name, file, contentType, extension) => {
    expect(fileTypeOf(file)).toEqual({ contentType, extension });
    expect(evidenceTypeOf(file)).toBeNull();
  });

  it.each([
    ['a WAV (RIFF but not WEBP)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['ftyp at the wrong offset', bytes('ftypisom')],
    ['a truncated WebP header', bytes('RIFF', [0x24, 0, 0, 0], 'WEB')],
  ])('refuses %s', (_name, file) => {
    expect(fileTypeOf(file)).toBeNull();
  });

  it('only answers with the types allowed', () => {
    expect(fileTypeOf(bytes('%PDF-1.7'), ['video/mp4'])).toBeNull();
  });
});
