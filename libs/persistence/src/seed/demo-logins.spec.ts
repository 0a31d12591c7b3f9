import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD, demoAgencies, demoLogins } from './demo-data';
import { SUPER_ADMIN_LOGIN } from './seed-demo';

describe('README demo logins', () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');

  it('lists the password and every login the seed creates', () => {
    expect(readme).toContain(DEMO_PASSWORD);
    expect(readme).toContain(SUPER_ADMIN_LOGIN.email);
    const names = new Map(demoAgencies().map((a) => [a.code, a.name]));
    for (const login of demoLogins()) {
      expect(readme).toContain(`| ${names.get(login.agencyCode)} | ${login.role} | ${login.nip} | ${login.email} |`);
    }
  });
});
