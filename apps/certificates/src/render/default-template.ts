/**
 * The default certificate, in Bahasa Indonesia, A4 landscape, in the manner of an official
 * Indonesian government certificate (sertifikat). Values arrive escaped by Handlebars; the only
 * raw value is the QR code's data: URL, which the generator makes itself.
 */
export const DEFAULT_TEMPLATE = `<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Sertifikat {{number}}</title>
<style>
  @page { size: A4 landscape; margin: 0; }
  * { box-sizing: border-box; }
  html, body { margin: 0; padding: 0; }
  body { font-family: 'DejaVu Serif', 'Liberation Serif', serif; color: #1d2a44; }
  .sheet { width: 297mm; height: 210mm; padding: 9mm; }
  .frame { height: 100%; border: 2.5mm double #8a6d1d; padding: 8mm 14mm; position: relative; }
  .agency { text-align: center; font-family: 'DejaVu Sans', sans-serif; letter-spacing: 0.06em; }
  .agency .republic { font-size: 10pt; margin: 0; }
  .agency .name { font-size: 15pt; font-weight: bold; margin: 1mm 0 0; text-transform: uppercase; }
  .rule { border: 0; border-top: 0.6mm solid #8a6d1d; margin: 3mm 40mm; }
  h1 { text-align: center; font-size: 30pt; letter-spacing: 0.3em; margin: 3mm 0 0; color: #7a5c0f; }
  .number { text-align: center; font-size: 10.5pt; margin: 1mm 0 4mm; }
  .lead { text-align: center; font-size: 11pt; margin: 0; }
  .holder { text-align: center; font-size: 22pt; font-weight: bold; margin: 2mm 0 0; }
  .nip { text-align: center; font-size: 11pt; margin: 0 0 3mm; }
  .course { text-align: center; font-size: 15pt; font-weight: bold; margin: 1mm 0; }
  .facts { text-align: center; font-size: 10.5pt; margin: 0 0 2mm; }
  table.competencies { margin: 0 auto; border-collapse: collapse; font-size: 9.5pt; font-family: 'DejaVu Sans', sans-serif; }
  table.competencies th, table.competencies td { border: 0.3mm solid #b9a571; padding: 0.8mm 3mm; }
  table.competencies th { background: #f4eedd; }
  .footer { position: absolute; left: 14mm; right: 14mm; bottom: 8mm; display: flex; justify-content: space-between; align-items: flex-end; }
  .qr { text-align: center; font-size: 7.5pt; font-family: 'DejaVu Sans', sans-serif; width: 40mm; }
  .qr img { width: 28mm; height: 28mm; display: block; margin: 0 auto 1mm; }
  .qr .code { font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; }
  .sign { text-align: center; font-size: 10.5pt; width: 85mm; }
  .sign .space { height: 18mm; }
  .sign .who { font-weight: bold; text-decoration: underline; }
</style>
</head>
<body>
<div class="sheet"><div class="frame">
  <div class="agency">
    <p class="republic">REPUBLIK INDONESIA</p>
    <p class="name">{{agencyName}}</p>
  </div>
  <hr class="rule">
  <h1>SERTIFIKAT</h1>
  <p class="number">Nomor: {{number}}</p>
  <p class="lead">Diberikan kepada</p>
  <p class="holder">{{holderName}}</p>
  <p class="nip">NIP {{holderNip}}</p>
  <p class="lead">yang telah menyelesaikan pembelajaran</p>
  <p class="course">{{courseTitle}}</p>
  <p class="facts">sebanyak {{jp}} JP (jam pelajaran), diselesaikan pada {{completedDate}}{{#if expiresDate}}, berlaku sampai {{expiresDate}}{{/if}}</p>
  {{#if competencies.length}}
  <table class="competencies">
    <thead><tr><th>Kompetensi</th><th>Jenis</th><th>Level</th></tr></thead>
    <tbody>
    {{#each competencies}}<tr><td>{{name}}</td><td>{{typeLabel}}</td><td>{{level}}</td></tr>{{/each}}
    </tbody>
  </table>
  {{/if}}
  <div class="footer">
    <div class="qr">
      <img src="{{qrDataUrl}}" alt="QR verifikasi">
      <div>Verifikasi keaslian:</div>
      <div class="code">{{verificationCode}}</div>
    </div>
    <div class="sign">
      <div>{{issuePlace}}, {{issuedDate}}</div>
      <div>{{signatoryPosition}}</div>
      <div class="space"></div>
      <div class="who">{{signatoryName}}</div>
      <div>{{#if signatoryNip}}NIP {{signatoryNip}}{{/if}}</div>
    </div>
  </div>
</div></div>
</body>
</html>`;
