import Handlebars from 'handlebars';
import type { NotificationLocale } from './notification-kinds';

/** One message in one language: the subject (also the in-app title), the plain text (also the in-app body) and the HTML body. */
interface Template {
  subject: string;
  text: string;
  html: string;
}

type Catalog = Record<string, Record<NotificationLocale, Template>>;

/**
 * E-mail and in-app texts, Bahasa Indonesia first. Handlebars: `{{x}}` is HTML-escaped in the
 * HTML body and left as is in the subject and text. Data a template names but the event lacks
 * renders empty rather than failing the delivery.
 */
const TEMPLATES: Catalog = {
  'reminder.due': {
    id: {
      subject: 'Pengingat: "{{courseTitle}}" jatuh tempo {{#if (eq days 1)}}besok{{else}}dalam {{days}} hari{{/if}}',
      text: 'Yth. {{recipientName}},\n\nKursus "{{courseTitle}}" harus diselesaikan paling lambat {{dueDate}}. Progres Anda saat ini {{progressPercent}}%.\n\nLanjutkan belajar: {{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>Kursus <strong>{{courseTitle}}</strong> harus diselesaikan paling lambat <strong>{{dueDate}}</strong>. Progres Anda saat ini {{progressPercent}}%.</p><p><a href="{{portalUrl}}">Lanjutkan belajar</a></p>',
    },
    en: {
      subject: 'Reminder: "{{courseTitle}}" is due {{#if (eq days 1)}}tomorrow{{else}}in {{days}} days{{/if}}',
      text: 'Dear {{recipientName}},\n\nThe course "{{courseTitle}}" must be completed by {{dueDate}}. Your progress is {{progressPercent}}%.\n\nContinue learning: {{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>The course <strong>{{courseTitle}}</strong> must be completed by <strong>{{dueDate}}</strong>. Your progress is {{progressPercent}}%.</p><p><a href="{{portalUrl}}">Continue learning</a></p>',
    },
  },
  'reminder.overdue': {
    id: {
      subject: 'Terlambat: "{{courseTitle}}" melewati batas waktu {{dueDate}}',
      text: 'Yth. {{recipientName}},\n\nKursus "{{courseTitle}}" sudah melewati batas waktu ({{dueDate}}) sejak {{daysOverdue}} hari. Mohon segera diselesaikan.\n\n{{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>Kursus <strong>{{courseTitle}}</strong> sudah melewati batas waktu ({{dueDate}}) sejak {{daysOverdue}} hari. Mohon segera diselesaikan.</p><p><a href="{{portalUrl}}">Buka kursus</a></p>',
    },
    en: {
      subject: 'Overdue: "{{courseTitle}}" was due {{dueDate}}',
      text: 'Dear {{recipientName}},\n\nThe course "{{courseTitle}}" has been overdue ({{dueDate}}) for {{daysOverdue}} days. Please complete it soon.\n\n{{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>The course <strong>{{courseTitle}}</strong> has been overdue ({{dueDate}}) for {{daysOverdue}} days. Please complete it soon.</p><p><a href="{{portalUrl}}">Open the course</a></p>',
    },
  },
  'reminder.inactive': {
    id: {
      subject: 'Sudah {{days}} hari tanpa kemajuan di "{{courseTitle}}"',
      text: 'Yth. {{recipientName}},\n\nAnda belum melanjutkan kursus "{{courseTitle}}" selama {{days}} hari. Progres Anda {{progressPercent}}%; sedikit demi sedikit tetap berarti.\n\n{{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>Anda belum melanjutkan kursus <strong>{{courseTitle}}</strong> selama {{days}} hari. Progres Anda {{progressPercent}}%; sedikit demi sedikit tetap berarti.</p><p><a href="{{portalUrl}}">Lanjutkan belajar</a></p>',
    },
    en: {
      subject: '{{days}} days without progress in "{{courseTitle}}"',
      text: 'Dear {{recipientName}},\n\nYou have not continued "{{courseTitle}}" for {{days}} days. Your progress is {{progressPercent}}%; a little at a time still counts.\n\n{{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>You have not continued <strong>{{courseTitle}}</strong> for {{days}} days. Your progress is {{progressPercent}}%; a little at a time still counts.</p><p><a href="{{portalUrl}}">Continue learning</a></p>',
    },
  },
  'digest.team-overdue': {
    id: {
      subject: 'Ringkasan harian: {{count}} kursus tim Anda terlambat',
      text: 'Yth. {{recipientName}},\n\n{{count}} kursus anggota tim Anda melewati batas waktu:\n{{summary}}\n\nLihat progres tim: {{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>{{count}} kursus anggota tim Anda melewati batas waktu:</p><pre>{{summary}}</pre><p><a href="{{portalUrl}}">Lihat progres tim</a></p>',
    },
    en: {
      subject: 'Daily digest: {{count}} overdue courses in your team',
      text: 'Dear {{recipientName}},\n\n{{count}} courses of your team members are overdue:\n{{summary}}\n\nSee the team progress: {{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>{{count}} courses of your team members are overdue:</p><pre>{{summary}}</pre><p><a href="{{portalUrl}}">See the team progress</a></p>',
    },
  },
  'reminder.jp-shortfall': {
    id: {
      subject: 'Anda baru memperoleh {{jp}} dari {{obligation}} JP tahun ini',
      text: 'Yth. {{recipientName}},\n\nAnda baru memperoleh {{jp}} dari {{obligation}} JP tahun {{year}}; masih kurang {{shortfall}} JP sebelum akhir tahun.{{#if courses}}\n\nKursus yang disarankan untuk menutup kesenjangan kompetensi Anda:\n{{courses}}{{/if}}\n\nLihat katalog: {{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>Anda baru memperoleh <strong>{{jp}} dari {{obligation}} JP</strong> tahun {{year}}; masih kurang {{shortfall}} JP sebelum akhir tahun.</p>{{#if courses}}<p>Kursus yang disarankan untuk menutup kesenjangan kompetensi Anda:</p><pre>{{courses}}</pre>{{/if}}<p><a href="{{portalUrl}}">Lihat katalog</a></p>',
    },
    en: {
      subject: 'You have {{jp}} of {{obligation}} JP this year',
      text: 'Dear {{recipientName}},\n\nYou have earned {{jp}} of {{obligation}} JP in {{year}}; {{shortfall}} JP are still missing before the end of the year.{{#if courses}}\n\nRecommended courses that close your competency gaps:\n{{courses}}{{/if}}\n\nSee the catalog: {{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>You have earned <strong>{{jp}} of {{obligation}} JP</strong> in {{year}}; {{shortfall}} JP are still missing before the end of the year.</p>{{#if courses}}<p>Recommended courses that close your competency gaps:</p><pre>{{courses}}</pre>{{/if}}<p><a href="{{portalUrl}}">See the catalog</a></p>',
    },
  },
  'reminder.competency-expiry': {
    id: {
      subject: 'Kompetensi "{{competencyName}}" (level {{level}}) berakhir dalam {{days}} hari',
      text: 'Yth. {{recipientName}},\n\nKompetensi "{{competencyName}}" level {{level}} yang Anda miliki berlaku sampai {{validUntil}} ({{days}} hari lagi). Ikuti kursus penyegaran agar tetap berlaku.\n\n{{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>Kompetensi <strong>{{competencyName}}</strong> level {{level}} yang Anda miliki berlaku sampai <strong>{{validUntil}}</strong> ({{days}} hari lagi). Ikuti kursus penyegaran agar tetap berlaku.</p><p><a href="{{portalUrl}}">Lihat profil kompetensi</a></p>',
    },
    en: {
      subject: 'Your competency "{{competencyName}}" (level {{level}}) expires in {{days}} days',
      text: 'Dear {{recipientName}},\n\nYour competency "{{competencyName}}" at level {{level}} is valid until {{validUntil}} ({{days}} days from now). Take a refresher course to keep it.\n\n{{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>Your competency <strong>{{competencyName}}</strong> at level {{level}} is valid until <strong>{{validUntil}}</strong> ({{days}} days from now). Take a refresher course to keep it.</p><p><a href="{{portalUrl}}">See your competency profile</a></p>',
    },
  },
  'reminder.certificate-expiry': {
    id: {
      subject: 'Sertifikat "{{courseTitle}}" berakhir dalam {{days}} hari',
      text: 'Yth. {{recipientName}},\n\nSertifikat Anda nomor {{number}} untuk "{{courseTitle}}" berlaku sampai {{expiresAt}} ({{days}} hari lagi).\n\n{{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>Sertifikat Anda nomor {{number}} untuk <strong>{{courseTitle}}</strong> berlaku sampai <strong>{{expiresAt}}</strong> ({{days}} hari lagi).</p><p><a href="{{portalUrl}}">Lihat sertifikat</a></p>',
    },
    en: {
      subject: 'Your certificate for "{{courseTitle}}" expires in {{days}} days',
      text: 'Dear {{recipientName}},\n\nYour certificate number {{number}} for "{{courseTitle}}" is valid until {{expiresAt}} ({{days}} days from now).\n\n{{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>Your certificate number {{number}} for <strong>{{courseTitle}}</strong> is valid until <strong>{{expiresAt}}</strong> ({{days}} days from now).</p><p><a href="{{portalUrl}}">See the certificate</a></p>',
    },
  },
  'digest.pending-approval': {
    id: {
      subject: 'Ringkasan harian: {{count}} permintaan kursus menunggu persetujuan Anda',
      text: 'Yth. {{recipientName}},\n\n{{count}} permintaan kursus dari anggota tim Anda menunggu keputusan:\n{{summary}}\n\nPermintaan yang tidak diputuskan dalam 30 hari kedaluwarsa.\n\n{{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>{{count}} permintaan kursus dari anggota tim Anda menunggu keputusan:</p><pre>{{summary}}</pre><p>Permintaan yang tidak diputuskan dalam 30 hari kedaluwarsa.</p><p><a href="{{portalUrl}}">Putuskan permintaan</a></p>',
    },
    en: {
      subject: 'Daily digest: {{count}} course requests await your approval',
      text: 'Dear {{recipientName}},\n\n{{count}} course requests of your team members await a decision:\n{{summary}}\n\nRequests not decided within 30 days expire.\n\n{{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>{{count}} course requests of your team members await a decision:</p><pre>{{summary}}</pre><p>Requests not decided within 30 days expire.</p><p><a href="{{portalUrl}}">Decide the requests</a></p>',
    },
  },
  'digest.pending-grading': {
    id: {
      subject: 'Ringkasan harian: {{count}} jawaban menunggu penilaian',
      text: 'Yth. {{recipientName}},\n\n{{count}} jawaban menunggu penilaian; yang tertua sudah {{oldestDays}} hari.\n{{summary}}\n\nBuka kotak penilaian: {{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>{{count}} jawaban menunggu penilaian; yang tertua sudah {{oldestDays}} hari.</p><pre>{{summary}}</pre><p><a href="{{portalUrl}}">Buka kotak penilaian</a></p>',
    },
    en: {
      subject: 'Daily digest: {{count}} answers await grading',
      text: 'Dear {{recipientName}},\n\n{{count}} answers await grading; the oldest has waited {{oldestDays}} days.\n{{summary}}\n\nOpen the grading inbox: {{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>{{count}} answers await grading; the oldest has waited {{oldestDays}} days.</p><pre>{{summary}}</pre><p><a href="{{portalUrl}}">Open the grading inbox</a></p>',
    },
  },
  'certificate.issued': {
    id: {
      subject: 'Sertifikat "{{courseTitle}}" sudah terbit',
      text: 'Yth. {{recipientName}},\n\nSelamat! Sertifikat Anda untuk "{{courseTitle}}" sudah terbit dengan nomor {{number}}. Kode verifikasi: {{verificationCode}}.\n\n{{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>Selamat! Sertifikat Anda untuk <strong>{{courseTitle}}</strong> sudah terbit dengan nomor {{number}}. Kode verifikasi: <code>{{verificationCode}}</code>.</p><p><a href="{{portalUrl}}">Unduh sertifikat</a></p>',
    },
    en: {
      subject: 'Your certificate for "{{courseTitle}}" is ready',
      text: 'Dear {{recipientName}},\n\nCongratulations! Your certificate for "{{courseTitle}}" has been issued with number {{number}}. Verification code: {{verificationCode}}.\n\n{{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>Congratulations! Your certificate for <strong>{{courseTitle}}</strong> has been issued with number {{number}}. Verification code: <code>{{verificationCode}}</code>.</p><p><a href="{{portalUrl}}">Download the certificate</a></p>',
    },
  },
  'grading.graded': {
    id: {
      subject: 'Nilai "{{courseTitle}}": {{scorePercent}}{{#if passed}} (lulus){{/if}}',
      text: 'Yth. {{recipientName}},\n\nJawaban Anda di "{{courseTitle}}" sudah dinilai: {{scorePercent}}. {{#if passed}}Anda lulus.{{else}}Anda belum lulus.{{/if}}\n\n{{portalUrl}}',
      html: '<p>Yth. {{recipientName}},</p><p>Jawaban Anda di <strong>{{courseTitle}}</strong> sudah dinilai: {{scorePercent}}. {{#if passed}}Anda lulus.{{else}}Anda belum lulus.{{/if}}</p><p><a href="{{portalUrl}}">Lihat nilai dan umpan balik</a></p>',
    },
    en: {
      subject: 'Grade for "{{courseTitle}}": {{scorePercent}}{{#if passed}} (passed){{/if}}',
      text: 'Dear {{recipientName}},\n\nYour answers in "{{courseTitle}}" were graded: {{scorePercent}}. {{#if passed}}You passed.{{else}}You did not pass yet.{{/if}}\n\n{{portalUrl}}',
      html: '<p>Dear {{recipientName}},</p><p>Your answers in <strong>{{courseTitle}}</strong> were graded: {{scorePercent}}. {{#if passed}}You passed.{{else}}You did not pass yet.{{/if}}</p><p><a href="{{portalUrl}}">See the grade and feedback</a></p>',
    },
  },
};

/** A kind without a template of its own (a producer ahead of this catalog) still reaches the person. */
const FALLBACK: Record<NotificationLocale, Template> = {
  id: { subject: 'Pemberitahuan baru dari {{agencyName}}', text: 'Yth. {{recipientName}},\n\nAda pemberitahuan baru untuk Anda di Mahir.\n\n{{portalUrl}}', html: '<p>Yth. {{recipientName}},</p><p>Ada pemberitahuan baru untuk Anda di Mahir.</p><p><a href="{{portalUrl}}">Buka Mahir</a></p>' },
  en: { subject: 'New notification from {{agencyName}}', text: 'Dear {{recipientName}},\n\nThere is a new notification for you in Mahir.\n\n{{portalUrl}}', html: '<p>Dear {{recipientName}},</p><p>There is a new notification for you in Mahir.</p><p><a href="{{portalUrl}}">Open Mahir</a></p>' },
};

const LAYOUT = Handlebars.compile(
  '<!doctype html><html lang="{{locale}}"><head><meta charset="utf-8"><title>{{subject}}</title></head>' +
    '<body style="font-family:Arial,sans-serif;color:#1f2933;max-width:600px">{{{body}}}' +
    '<hr><p style="font-size:12px;color:#6b7280">{{agencyName}} · Mahir{{#if (eq locale "id")}} · Pesan otomatis, mohon tidak dibalas.{{else}} · Automated message, please do not reply.{{/if}}</p></body></html>',
);

const hb = Handlebars.create();
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
Handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const compiled = new Map<string, Handlebars.TemplateDelegate>();
function compile(source: string, escape: boolean): Handlebars.TemplateDelegate {
  const key = `${escape ? 'h' : 't'}:${source}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = hb.compile(source, { noEscape: !escape, strict: false });
    compiled.set(key, fn);
  }
  return fn;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export type TemplateData = Record<string, string | number | boolean | null | undefined>;

export function hasTemplate(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, kind);
}

/** Renders one notification in the recipient's language; the subject never carries a line break. */
export function renderNotification(kind: string, locale: NotificationLocale, data: TemplateData): RenderedMessage {
  const template = (hasTemplate(kind) ? TEMPLATES[kind] : FALLBACK)[locale];
  const subject = compile(template.subject, false)(data).replace(/\s+/g, ' ').trim();
  const text = compile(template.text, false)(data);
  const body = compile(template.html, true)(data);
  return { subject, text, html: LAYOUT({ ...data, locale, subject, body }) };
}
