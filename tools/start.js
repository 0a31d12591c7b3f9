// Runs Mahir locally: s3rver, migrations, demo data, then api + worker + certificates.
// Ctrl-C (SIGINT) or SIGTERM stops the apps gracefully, then the S3 endpoint.
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startS3 } = require('./s3');
const { startSmtpSink } = require('./jest/smtp-sink');

const root = path.resolve(__dirname, '..');
process.chdir(root);

function ensureEnvFile() {
  if (fs.existsSync('.env')) return;
  const example = fs.readFileSync('.env.example', 'utf8');
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync('.env', example.replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${secret}`));
  console.log('[start] created .env from .env.example with a fresh JWT_SECRET');
}

// Asynchronous on purpose: s3rver runs in this process and must keep answering meanwhile.
function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
    let out = '';
    child.stdout?.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      if (code !== 0) {
        console.error(`[start] ${cmd} ${args.join(' ')} failed`);
        process.exit(code ?? 1);
      }
      resolve(out);
    });
  });
}

async function waitReady(url, child, seconds = 60) {
  for (let i = 0; i < seconds * 4; i++) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  ensureEnvFile();
  process.loadEnvFile('.env');
  const env = process.env;
  // The portal is served over plain HTTP on loopback here; a .env made before the portal lacks this.
  env.PORTAL_SECURE_COOKIES ??= 'false';

  console.log('[start] building (tsc)…');
  await run('npx', ['tsc', '-p', 'tsconfig.build.json']);

  const s3url = new URL(env.S3_ENDPOINT);
  fs.mkdirSync('.data/s3', { recursive: true });
  const s3 = await startS3({ port: Number(s3url.port || 80), directory: path.join(root, '.data/s3') });
  console.log(`[start] S3 endpoint (s3rver) on 127.0.0.1:${s3.port}, data in .data/s3`);

  // Development mail goes to a local sink, never to real people; each message lands in .data/mail.
  const smtp = new URL(env.SMTP_URL || 'smtp://127.0.0.1:1025');
  const mailDir = path.join(root, '.data/mail');
  fs.mkdirSync(mailDir, { recursive: true });
  const mail = smtp.hostname === '127.0.0.1' || smtp.hostname === 'localhost' ? await startSmtpSink({ port: Number(smtp.port || 25), directory: mailDir }) : null;
  if (mail) console.log(`[start] SMTP sink on 127.0.0.1:${mail.port}, mail kept in .data/mail`);

  const cli = ['-r', './tools/paths.js', 'dist/libs/persistence/src/cli.js'];
  await run('node', [...cli, 'prepare']);
  const logins = await run('node', [...cli, 'seed'], { capture: true });

  const apps = [
    ['api', env.API_PORT || '3000'],
    ['worker', env.WORKER_PORT || '3001'],
    ['certificates', env.CERTIFICATES_PORT || '3002'],
  ].map(([name, port]) => ({
    name,
    port,
    // Own process group: Ctrl-C reaches only this script, which sends each app one SIGTERM.
    // (Both signals at once would make the apps skip their graceful shutdown.)
    child: spawn('node', ['-r', './tools/paths.js', `dist/apps/${name}/src/main.js`], { stdio: 'inherit', env, detached: true }),
  }));
  process.on('exit', () => apps.forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL')));

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[start] ${signal}: stopping the apps…`);
    await Promise.all(
      apps.map(
        ({ child }) =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 15000);
            child.once('exit', () => (clearTimeout(kill), resolve()));
            child.kill('SIGTERM');
          }),
      ),
    );
    await s3.close();
    await mail?.close();
    console.log('[start] stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const app of apps) {
    app.child.on('exit', (code) => {
      if (!stopping) {
        console.error(`[start] ${app.name} exited with code ${code}; stopping the others`);
        stop('exit');
      }
    });
  }

  const host = env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST || '127.0.0.1';
  const ready = await Promise.all(apps.map(({ port, child }) => waitReady(`http://${host}:${port}/health/ready`, child)));
  if (!ready.every(Boolean)) {
    console.error('[start] not every app became ready; see the logs above');
    return stop('not ready');
  }
  const api = `http://${host}:${apps[0].port}`;
  console.log(`
==============================================================================
 Mahir is running
   Portal         ${api}/login  (web pages for learners, supervisors and admins)
   API            ${api}/api/v1
   API docs       ${api}/api/docs  (OpenAPI JSON: ${api}/api/docs-json)
   Health         ${api}/health/ready  · worker :${apps[1].port} · certificates :${apps[2].port}
   Verify         ${api}/verify/<code>  (certificates, no login)
   Mail           .data/mail (every message the apps send, as JSON)
 Sign in at ${api}/login, or with POST ${api}/api/v1/auth/login {"identifier": NIP or e-mail, "password": …}
${logins.trimEnd()}
 Ctrl-C stops everything.
==============================================================================`);
}

main().catch((error) => {
  console.error('[start] failed:', error);
  process.exit(1);
});
