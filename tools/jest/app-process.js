// Starts one of Mahir's apps as a real process from the compiled tree and waits until it is
// ready. Used by the Jest global setup (the shared worker) and by the fault drills.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const PORT_VARIABLE = { api: 'API_PORT', worker: 'WORKER_PORT', certificates: 'CERTIFICATES_PORT' };

/** A port the OS says is free now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url, child, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

/**
 * @param {'api'|'worker'|'certificates'} app
 * @param {Record<string, string>} env the whole environment of the process (nothing is inherited but PATH)
 */
async function startAppProcess(app, env, { timeoutMs = 30000, ready = true } = {}) {
  const port = await freePort();
  // A working directory without a .env file, so only the environment given here counts.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), `mahir-${app}-`));
  const child = spawn(process.execPath, ['-r', path.join(root, 'tools/paths.js'), path.join(root, `dist/apps/${app}/src/main.js`)], {
    cwd,
    env: { PATH: process.env.PATH, ...env, [PORT_VARIABLE[app]]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  let output = '';
  const keep = (d) => {
    output = (output + d).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const handle = {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    /** SIGTERM and wait: the graceful path. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    /** SIGKILL: the crash path. */
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
  if (ready) {
    try {
      await waitReady(`${handle.base}/health/ready`, child, timeoutMs);
    } catch (error) {
      await handle.kill();
      throw new Error(`${error.message}\n${output}`);
    }
  }
  return handle;
}

module.exports = { startAppProcess, freePort };
