import Handlebars from 'handlebars';
import { formatDate } from '@mahir/certificate';
import type { Verification } from './certificates.service';

/*
 * The public verification page: server-rendered, no JavaScript, every value escaped by Handlebars
 * ({{…}}; the one {{{body}}} inserts a page body those templates rendered). Indonesian first, English beside it. Compiled once at start-up.
 */
const LAYOUT = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:42rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}
.en{color:#5b6472;font-size:.9em}
.state{display:inline-block;padding:.3rem .8rem;border-radius:4px;font-weight:600}
.valid{background:#dff5e3;color:#14632b}.revoked{background:#fde2e1;color:#8a1c17}.expired{background:#fff1d6;color:#7a4b00}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}dt{font-weight:600}dd{margin:0}
code{word-break:break-all;font-size:.85em}
</style>
</head>
<body><main>{{{body}}}</main></body>
</html>`;

const FOUND = `<h1>Verifikasi Sertifikat <span class="en">/ Certificate verification</span></h1>
<p><span class="state {{state}}">{{stateId}} <span class="en">/ {{stateEn}}</span></span></p>
<dl>
<dt>Nomor <span class="en">/ Number</span></dt><dd>{{number}}</dd>
<dt>Nama <span class="en">/ Name</span></dt><dd>{{holderName}}</dd>
<dt>NIP</dt><dd>{{holderNip}}</dd>
<dt>Pelatihan <span class="en">/ Course</span></dt><dd>{{courseTitle}}</dd>
<dt>Jam Pelajaran <span class="en">/ Learning hours</span></dt><dd>{{jp}} JP</dd>
<dt>Kompetensi <span class="en">/ Competencies</span></dt><dd><ul>{{#each competencies}}<li>{{name}} — level {{level}}</li>{{/each}}</ul></dd>
<dt>Tanggal terbit <span class="en">/ Issued</span></dt><dd>{{issuedId}} <span class="en">/ {{issuedEn}}</span></dd>
{{#if expiresId}}<dt>Berlaku sampai <span class="en">/ Valid until</span></dt><dd>{{expiresId}} <span class="en">/ {{expiresEn}}</span></dd>{{/if}}
{{#if revokedId}}<dt>Dicabut <span class="en">/ Revoked</span></dt><dd>{{revokedId}} <span class="en">/ {{revokedEn}}</span></dd>{{/if}}
<dt>Penerbit <span class="en">/ Issued by</span></dt><dd>{{agencyName}}</dd>
<dt>SHA-256</dt><dd><code>{{sha256}}</code></dd>
</dl>
<p class="en">Berkas PDF dapat dicocokkan melalui API: POST /api/v1/certificates/verify/&lt;kode&gt;/file. The PDF file can be checked through the API.</p>`;

const NOT_FOUND = `<h1>Sertifikat tidak ditemukan <span class="en">/ Certificate not found</span></h1>
<p>Kode verifikasi tidak dikenal. Periksa kembali kode pada sertifikat.</p>
<p class="en">The verification code is not known. Check the code printed on the certificate.</p>`;

const options = { knownHelpersOnly: true, strict: false, noEscape: false } as const;
const hb = Handlebars.create();
const layout = hb.compile(LAYOUT, options);
const found = hb.compile(FOUND, options);
const notFound = hb.compile(NOT_FOUND, options);
/** `body` is the output of a compiled (escaping) template, inserted as is; nothing else is unescaped. */
const page = (title: string, body: string) => layout({ title, body }, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });

const STATES = { valid: ['SAH', 'Valid'], revoked: ['DICABUT', 'Revoked'], expired: ['KEDALUWARSA', 'Expired'] } as const;

export function verificationPage(v: Verification): string {
  const date = (iso: string | null, locale: 'id' | 'en') => (iso ? formatDate(new Date(iso), v.timeZone, locale) : null);
  const body = found({
    ...v,
    stateId: STATES[v.state][0], stateEn: STATES[v.state][1],
    issuedId: date(v.issuedAt, 'id'), issuedEn: date(v.issuedAt, 'en'),
    expiresId: date(v.expiresAt, 'id'), expiresEn: date(v.expiresAt, 'en'),
    revokedId: date(v.revokedAt, 'id'), revokedEn: date(v.revokedAt, 'en'),
  }, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  return page(`Sertifikat ${v.number}`, body);
}

export function notFoundPage(): string {
  return page('Sertifikat tidak ditemukan / Certificate not found', notFound({}));
}
