import { createPrivateKey, generateKeyPairSync, privateEncrypt, randomBytes, constants, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

export interface SigningKey {
  pkcs12: Buffer;
  passphrase: string;
  subject: string;
}

/**
 * A self-signed PKCS#12 for a demo agency (real agencies sign with a BSrE certificate they hold).
 * The RSA key comes from Node's crypto (native, fast); node-forge builds the X.509 and the PKCS#12.
 */
export function generateDemoSigningKey(agencyName: string, agencyCode: string, now = new Date()): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey);
  const publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600_000);
  const attrs = [
    { shortName: 'CN', value: `${agencyName} (Mahir demo)`.slice(0, 64) },
    { shortName: 'O', value: agencyCode },
    { shortName: 'C', value: 'ID' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const passphrase = randomBytes(18).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
  const der = forge.asn1.toDer(asn1).getBytes();
  return { pkcs12: Buffer.from(der, 'binary'), passphrase, subject: attrs.map((a) => `${a.shortName}=${a.value}`).join(', ') };
}

/** Adds a PAdES (ETSI.CAdES.detached) signature to a PDF. */
export async function signPdf(pdf: Buffer, key: SigningKey, meta: { name: string; reason: string; location: string; signingTime: Date }): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: meta.reason,
    contactInfo: '',
    name: meta.name,
    location: meta.location,
    signingTime: meta.signingTime,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Mahir',
  });
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  return signpdf.sign(withPlaceholder, nativeSignerOf(key), meta.signingTime);
}

/** DER prefix of a DigestInfo for SHA-256 (RFC 8017 §9.2): what RSASSA-PKCS1-v1_5 encrypts with the hash appended. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * The CMS (PKCS#7 detached) signer of @signpdf, as its P12Signer builds it with node-forge, except
 * that (1) the PKCS#12 is opened once per key, not once per signature (its 3DES/PBKDF decoding
 * cost ~10 ms in JS), and (2) the RSA operation is Node's native one: forge hands its "key" the
 * SHA-256 of the signed attributes and we answer RSASSA-PKCS1-v1_5 over it with privateEncrypt
 * (forge's RSA in JavaScript took 60–80 ms per signature on this machine).
 */
class NativeP12Signer extends Signer {
  private readonly certificate: forge.pki.Certificate;
  private readonly key: KeyObject;

  constructor(signingKey: SigningKey) {
    super();
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(signingKey.pkcs12.toString('binary'))), false, signingKey.passphrase);
    const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
    const certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).map((b) => b.cert).filter((c): c is forge.pki.Certificate => Boolean(c));
    const privateKey = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
    if (!privateKey) throw new Error('PKCS#12 without a private key');
    const certificate = certs.find((c) => {
      const pub = c.publicKey as forge.pki.rsa.PublicKey;
      return pub.n.compareTo(privateKey.n) === 0 && pub.e.compareTo(privateKey.e) === 0;
    });
    if (!certificate) throw new Error('PKCS#12 without the certificate of its private key');
    this.certificate = certificate;
    this.key = createPrivateKey(forge.pki.privateKeyToPem(privateKey));
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
    p7.addCertificate(this.certificate);
    const native = this.key;
    const key = {
      sign(md: forge.md.MessageDigest): string {
        const digest = Buffer.from(md.digest().getBytes(), 'binary');
        return privateEncrypt({ key: native, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest])).toString('binary');
      },
    };
    p7.addSigner({
      key: key as unknown as forge.pki.rsa.PrivateKey,
      certificate: this.certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      // The order matters to EU validators (as in @signpdf/signer-p12).
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

const signers = new WeakMap<SigningKey, NativeP12Signer>();
/** One opened signer per key object (SigningKeys hands out the same object per tenant). */
function nativeSignerOf(key: SigningKey): NativeP12Signer {
  let signer = signers.get(key);
  if (!signer) {
    signer = new NativeP12Signer(key);
    signers.set(key, signer);
  }
  return signer;
}
