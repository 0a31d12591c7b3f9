#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages that the
// npm registry mirror of our build machines does not carry (e.g. @swc/core-darwin-arm64).
// npm cannot record what it cannot resolve, and then `npm ci` refuses the lockfile as
// "Missing: … from lock file". An entry with the package's os/cpu is all npm needs to
// skip it on Linux; it is never downloaded here. Run after `npm install`:
//   npm run lockfile:platforms
// See docs/decisions/0007-lockfile-platform-packages.md.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;
const PLATFORM = /(darwin|linux|win32|android|freebsd|openharmony|netbsd|openbsd|sunos|aix)-(arm64|x64|ia32|arm|ppc64|s390x|loong64|riscv64|mips64el)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi))?$/;

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    const match = PLATFORM.exec(name);
    if (!match || !/^\d+\.\d+\.\d+/.test(spec)) {
      console.error(`lockfile-platforms: cannot describe ${name}@${spec} (needed by ${location || 'the root'})`);
      process.exitCode = 1;
      continue;
    }
    const [, os, cpu, abi] = match;
    const record = { version: spec, optional: true, os: [os], cpu: [cpu] };
    if (abi === 'musl' || abi === 'musleabihf') record.libc = ['musl'];
    if (abi === 'gnu' || abi === 'gnueabihf') record.libc = ['glibc'];
    if (entry.dev) record.dev = true;
    if (entry.devOptional) record.devOptional = true;
    packages[`node_modules/${name}`] = record;
    added++;
  }
}
// Keep npm's own order: entries sorted by location.
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`lockfile-platforms: ${added} platform package entr${added === 1 ? 'y' : 'ies'} added`);
