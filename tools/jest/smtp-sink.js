// A local SMTP sink for tests and benches: smtp-server on loopback (free port), no TLS, no auth.
// Each accepted message is parsed (headers, text and HTML parts) and, when `directory` is given,
// written there as one JSON file, so test files in other processes can read the mail back.
// Faults on demand, by recipient: `…+refuse…@` is refused (451) twice per address, then
// accepted; `…+timeout…@` gets no answer the first time (the client's timeout fires).
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

/** The parts of a message a test looks at, parsed by mailparser (MIME, encoded words, charsets). */
async function parseMessage(raw) {
  const mail = await simpleParser(raw);
  const headers = Object.fromEntries(mail.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).trim()]));
  const trim = (v) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').replace(/\n$/, '') : null);
  const addresses = (field) => [].concat(field || []).flatMap((f) => f.value).map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
  return { from: addresses(mail.from), to: addresses(mail.to), subject: mail.subject || '', headers, text: trim(mail.text), html: trim(mail.html || null) };
}

/**
 * @param {{ port?: number, directory?: string }} options
 * @returns {Promise<{ port: number, url: string, messages: object[], close: () => Promise<void> }>}
 */
async function startSmtpSink({ port = 0, directory } = {}) {
  const messages = [];
  const refusals = new Map();
  const stalled = new Set();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (to.includes('+refuse')) {
        const n = (refusals.get(to) || 0) + 1;
        refusals.set(to, n);
        if (n <= 2) {
          const err = new Error('Mailbox busy, try again later');
          err.responseCode = 451;
          return callback(err);
        }
      }
      if (to.includes('+timeout') && !stalled.has(to)) {
        stalled.add(to);
        return; // never answered: the client times out and drops the connection
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const message = { ...(await parseMessage(raw)), envelope: { from: session.envelope.mailFrom && session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address) }, receivedAt: new Date().toISOString() };
        if (directory) fs.writeFileSync(path.join(directory, `${Date.now()}-${randomUUID()}.json`), JSON.stringify(message));
        else messages.push(message);
        callback();
      });
    },
  });
  server.on('error', () => {}); // a client dropping the connection is not the sink's failure
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.server.address().port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The messages written to `directory`, for a test in another process than the sink. */
function readMailDirectory(directory) {
  return fs.readdirSync(directory).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(directory, f), 'utf8')));
}

module.exports = { startSmtpSink, readMailDirectory, parseMessage };
