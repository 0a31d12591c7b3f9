import fc from 'fast-check';
import {
  certificateExpiry, certificateState, formatCertificateNumber, formatDate, formatJp, maskNip, newVerificationCode, normalizeVerificationCode,
} from './certificate-rules';

describe('certificate rules', () => {
  it('makes 16-character base32 codes from 80 random bits, all distinct in practice', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => newVerificationCode()));
    expect(codes.size).toBe(5000);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{16}$/);
  });

  it('encodes every byte pattern to a valid code that normalizes to itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const code = newVerificationCode(() => bytes);
        expect(normalizeVerificationCode(code.toLowerCase())).toBe(code);
      }),
    );
    expect(newVerificationCode(() => new Uint8Array(10))).toBe('AAAAAAAAAAAAAAAA');
    expect(normalizeVerificationCode(' abcd-efgh ijkl.mnop_ ')).toBe('ABCDEFGHIJKLMNOP');
    for (const bad of ['', 'ABCDEFGHIJKLMNO', 'ABCDEFGHIJKLMNOPQ', 'ABCDEFGHIJKLMN01', 'ABCDEFGH/IJKLMNOP', '../../etc/passwd', 'A'.repeat(100)]) {
      expect(normalizeVerificationCode(bad)).toBeNull();
    }
    expect(newVerificationCode(() => new Uint8Array(10).fill(255))).toBe('7777777777777777');
  });

  it('refuses codes of the wrong shape', () => {
    for (const bad of ['', 'ABC', 'AAAAAAAAAAAAAAA1', 'AAAAAAAAAAAAAAAAA', '../../etc/passwd', 'AAAAAAAA AAAAAAA']) expect(normalizeVerificationCode(bad)).toBeNull();
  });

  it('numbers as <agency>/<year>/<6 digits>', () => {
    expect(formatCertificateNumber('KEMENKEU', 2025, 42)).toBe('KEMENKEU/2025/000042');
    expect(() => formatCertificateNumber('X', 2025, 0)).toThrow();
  });

  it('masks the middle of a NIP', () => {
    expect(maskNip('198503152010011001')).toBe('1985**********1001');
  });

  it('writes dates in Indonesian in the agency zone', () => {
    const instant = new Date('2025-08-16T20:00:00Z'); // 17 Aug 03:00 WIB, 05:00 WIT
    expect(formatDate(instant, 'WIB')).toBe('17 Agustus 2025');
    expect(formatDate(new Date('2025-08-16T16:30:00Z'), 'WIB')).toBe('16 Agustus 2025');
    expect(formatDate(new Date('2025-08-16T16:30:00Z'), 'WIT', 'en')).toBe('17 August 2025');
  });

  it('prints JP from minutes', () => {
    expect(formatJp(900)).toBe('20');
    expect(formatJp(60)).toBe('1,3');
  });

  it('expires with the shortest competency validity, or never', () => {
    const issued = new Date('2025-01-31T00:00:00Z');
    expect(certificateExpiry(issued, [null, null])).toBeNull();
    expect(certificateExpiry(issued, [24, 12, null])?.toISOString().slice(0, 10)).toBe('2026-01-31');
    expect(certificateState('valid', new Date('2026-01-31T00:00:00Z'), new Date('2026-02-01T00:00:00Z'))).toBe('expired');
    expect(certificateState('revoked', null, new Date())).toBe('revoked');
    expect(certificateState('valid', null, new Date())).toBe('valid');
  });
});
