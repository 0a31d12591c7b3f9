import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, entryHash, nextLink, verifyChain, type ChainLink, type ChainPayload } from './chain';

const payload: fc.Arbitrary<ChainPayload> = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
  { maxKeys: 6 },
);
const chainOf = (payloads: ChainPayload[]): ChainLink[] =>
  payloads.reduce<ChainLink[]>((links, p) => [...links, nextLink(links.at(-1) ?? null, p)], []);
const chain = fc.array(payload, { minLength: 1, maxLength: 8 }).map(chainOf);

describe('canonicalJson', () => {
  it('sorts keys and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: 'x y', c: null, d: true, e: 2.5 })).toBe('{"a":"x y","b":1,"c":null,"d":true,"e":2.5}');
    expect(canonicalJson({})).toBe('{}');
  });

  it('refuses Dates, nested values and non-finite numbers', () => {
    const bad = (v: unknown) => () => canonicalJson({ v } as unknown as ChainPayload);
    expect(bad(new Date(0))).toThrow(/ISO string/);
    expect(bad({ x: 1 })).toThrow(TypeError);
    expect(bad([1])).toThrow(TypeError);
    expect(bad(undefined)).toThrow(TypeError);
    expect(bad(NaN)).toThrow(RangeError);
    expect(bad(Infinity)).toThrow(RangeError);
  });

  it('round-trips through JSON.parse and ignores key order', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const json = canonicalJson(p);
        // -0 and 0 are the same JSON number.
        expect(JSON.parse(json)).toEqual(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v])));
        expect(canonicalJson(Object.fromEntries(Object.entries(p).reverse()))).toBe(json);
      }),
    );
  });
});

describe('entryHash', () => {
  it('is SHA-256 of the previous hash, a newline and the canonical payload (pinned: stored hashes depend on it)', () => {
    expect(entryHash(null, { a: 1 })).toBe('7395dc66860499cb2b8970e17094ec53ed1ff54e7067ad619f884917096166b0');
    expect(entryHash('abc', { n: 2.5, k: 'v' })).toBe('be8fc5699f9916e6694b7bfd963f4b41fb7ca3445914493443b3ce1a1c4d8c28');
    expect(entryHash('abc', { k: 'é' })).toBe(createHash('sha256').update('abc\n{"k":"é"}', 'utf8').digest('hex'));
  });
});

describe('verifyChain', () => {
  it('accepts an empty chain and a well-formed one', () => {
    expect(verifyChain([])).toEqual({ valid: true, length: 0, head: null });
    const links = chainOf([{ level: 3 }, { level: 4 }]);
    expect(links.map((l) => l.sequence)).toEqual([1, 2]);
    expect(links[0].prevHash).toBeNull();
    expect(verifyChain(links)).toEqual({ valid: true, length: 2, head: links[1].hash });
  });

  it('reports a gap, a swap and a forged first prevHash', () => {
    const links = chainOf([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(verifyChain([links[0], links[2]])).toEqual({ valid: false, length: 2, brokenAt: 1, entrySequence: 3, reason: 'sequence' });
    expect(verifyChain([links[1], links[0], links[2]])).toMatchObject({ brokenAt: 0, entrySequence: 2, reason: 'sequence' });
    const forged = { ...links[0], prevHash: '' };
    expect(verifyChain([forged, ...links.slice(1)])).toMatchObject({ brokenAt: 0, reason: 'prev_hash' });
  });

  it('reports a payload that cannot be canonicalised as a broken hash instead of throwing', () => {
    const links = chainOf([{ n: 1 }]);
    const bad = { ...links[0], payload: { n: { nested: true } } as unknown as ChainPayload };
    expect(verifyChain([bad])).toMatchObject({ valid: false, brokenAt: 0, reason: 'hash' });
  });

  it('accepts every chain built link by link', () => {
    fc.assert(fc.property(chain, (links) => expect(verifyChain(links)).toEqual({ valid: true, length: links.length, head: links.at(-1)?.hash })));
  });

  it('detects any single mutation at exactly the mutated link', () => {
    const mutation = fc.constantFrom('payload', 'hash', 'prevHash', 'sequence');
    fc.assert(
      fc.property(chain, fc.nat(), mutation, fc.string({ minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 5 }), (links, pick, kind, junk, bump) => {
        const i = pick % links.length;
        const link = links[i];
        let mutated: ChainLink;
        let reason: string;
        switch (kind) {
          case 'payload': {
            const keys = Object.keys(link.payload);
            const key = keys.length > 0 ? keys[pick % keys.length] : 'added';
            const value = link.payload[key] === junk ? `${junk}!` : junk;
            mutated = { ...link, payload: { ...link.payload, [key]: value } };
            reason = 'hash';
            break;
          }
          case 'hash':
            mutated = { ...link, hash: entryHash(link.hash, { junk }) };
            reason = 'hash';
            break;
          case 'prevHash':
            mutated = { ...link, prevHash: entryHash(link.prevHash, { junk }) };
            reason = 'prev_hash';
            break;
          default:
            mutated = { ...link, sequence: link.sequence + bump };
            reason = 'sequence';
        }
        const tampered = links.map((l, j) => (j === i ? mutated : l));
        expect(verifyChain(tampered)).toEqual({ valid: false, length: links.length, brokenAt: i, entrySequence: mutated.sequence, reason });
      }),
    );
  });

  it('detects a deleted link at the position it left', () => {
    fc.assert(
      fc.property(
        chain.filter((l) => l.length >= 2),
        fc.nat(),
        (links, pick) => {
          const i = pick % (links.length - 1); // dropping the last link is only visible through the head
          const result = verifyChain(links.filter((_, j) => j !== i));
          expect(result).toMatchObject({ valid: false, brokenAt: i, reason: 'sequence' });
        },
      ),
    );
  });
});
