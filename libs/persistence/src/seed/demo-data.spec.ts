import { parseNip, POSITION_CLASSES, TENANT_ROLES } from '@mahir/competency';
import { DEMO_PASSWORD, demoAgencies, demoLogins, type DemoAgency, type DemoEmployee } from './demo-data';

describe('demo data', () => {
  const agencies: DemoAgency[] = demoAgencies();
  const allEmployees: DemoEmployee[] = agencies.flatMap((a) => a.employees);

  it('describes the five agencies with their zones and domains', () => {
    expect(agencies.map((a) => [a.code, a.timeZone])).toEqual([
      ['MANNA', 'WIB'],
      ['GAYUNGAN', 'WIB'],
      ['PLAJU', 'WIB'],
      ['AMBON', 'WIT'],
      ['MEDAN', 'WIB'],
    ]);
    expect(new Set(agencies.map((a) => a.emailDomain)).size).toBe(5);
    expect(DEMO_PASSWORD).toBe('Mahir#2026');
  });

  it('gives each agency between 190 and 210 employees', () => {
    for (const agency of agencies) {
      expect(agency.employees.length).toBeGreaterThanOrEqual(190);
      expect(agency.employees.length).toBeLessThanOrEqual(210);
    }
  });

  it('generates NIPs that pass parseNip, born 1965-2000, service start 1990-2024 at age 18 or more', () => {
    for (const e of allEmployees) {
      const parsed = parseNip(e.nip);
      if (!parsed.valid) throw new Error(`invalid NIP ${e.nip}: ${parsed.rule}`);
      const birthYear = Number(parsed.value.birthDate.slice(0, 4));
      const startYear = Number(parsed.value.serviceStart.slice(0, 4));
      expect(birthYear).toBeGreaterThanOrEqual(1965);
      expect(birthYear).toBeLessThanOrEqual(2000);
      expect(startYear).toBeGreaterThanOrEqual(1990);
      expect(startYear).toBeLessThanOrEqual(2024);
      expect(startYear - birthYear).toBeGreaterThanOrEqual(19);
    }
  });

  it('keeps NIPs and e-mails unique across all agencies', () => {
    expect(new Set(allEmployees.map((e) => e.nip)).size).toBe(allEmployees.length);
    expect(new Set(allEmployees.map((e) => e.email)).size).toBe(allEmployees.length);
    for (const agency of agencies) {
      for (const e of agency.employees) {
        expect(e.email).toBe(e.email.toLowerCase());
        expect(e.email.endsWith(`@${agency.emailDomain}`)).toBe(true);
      }
    }
  });

  it('has unique unit and position codes and a single-rooted unit tree per agency', () => {
    for (const agency of agencies) {
      const unitCodes = agency.units.map((u) => u.code);
      expect(new Set(unitCodes).size).toBe(unitCodes.length);
      expect(new Set(agency.positions.map((p) => p.code)).size).toBe(agency.positions.length);
      expect(agency.units.filter((u) => u.parentCode === null)).toHaveLength(1);
      for (const u of agency.units) if (u.parentCode !== null) expect(unitCodes).toContain(u.parentCode);
      expect(agency.units.length).toBeGreaterThanOrEqual(8);
      expect(agency.units.length).toBeLessThanOrEqual(14);
    }
  });

  it("points every employee's unit and position at the agency's own", () => {
    for (const agency of agencies) {
      const units = new Set(agency.units.map((u) => u.code));
      const positions = new Set(agency.positions.map((p) => p.code));
      for (const e of agency.employees) {
        expect(units.has(e.unitCode)).toBe(true);
        expect(positions.has(e.positionCode)).toBe(true);
        expect(e.roles).toContain('learner');
      }
    }
  });

  it('links every supervisor inside the same agency, with one head and no cycles', () => {
    for (const agency of agencies) {
      const byNip = new Map(agency.employees.map((e) => [e.nip, e]));
      expect(agency.employees.filter((e) => e.supervisorNip === null)).toHaveLength(1);
      for (const e of agency.employees) {
        if (e.supervisorNip !== null) {
          expect(byNip.has(e.supervisorNip)).toBe(true);
          expect(e.supervisorNip).not.toBe(e.nip);
        }
        const seen = new Set<string>([e.nip]);
        let current = e.supervisorNip;
        while (current !== null) {
          if (seen.has(current)) throw new Error(`supervisor cycle at ${current} in ${agency.code}`);
          seen.add(current);
          current = byNip.get(current)?.supervisorNip ?? null;
        }
      }
    }
  });

  it('gives every unit a head', () => {
    for (const agency of agencies) {
      const byNip = new Map(agency.employees.map((e) => [e.nip, e]));
      for (const unit of agency.units) {
        const members = agency.employees.filter((e) => e.unitCode === unit.code);
        const heads = members.filter((e) => e.supervisorNip === null || byNip.get(e.supervisorNip)?.unitCode !== unit.code);
        expect(heads).toHaveLength(1);
      }
    }
  });

  it('lists every position class in each agency', () => {
    for (const agency of agencies) {
      const classes = new Set(agency.positions.map((p) => p.positionClass));
      for (const c of POSITION_CLASSES) expect(classes.has(c)).toBe(true);
    }
  });

  it('has exactly one demo login per role per agency, each held by an employee with that role', () => {
    const logins = demoLogins();
    expect(logins).toHaveLength(25);
    for (const agency of agencies) {
      const mine = logins.filter((l) => l.agencyCode === agency.code);
      expect(mine.map((l) => l.role).sort()).toEqual([...TENANT_ROLES].sort());
      for (const login of mine) {
        const employee = agency.employees.find((e) => e.nip === login.nip);
        if (!employee) throw new Error(`login ${login.role} of ${agency.code} is not an employee`);
        expect(employee.email).toBe(login.email);
        expect(employee.fullName).toBe(login.fullName);
        expect(employee.roles).toContain(login.role);
        expect(employee.roles).toContain('learner');
      }
      const byRole = new Map(mine.map((l) => [l.role, l]));
      const supervisor = byRole.get('supervisor');
      const reports = agency.employees.filter((e) => e.supervisorNip === supervisor?.nip);
      expect(reports.length).toBeGreaterThanOrEqual(5);
      const learner = agency.employees.find((e) => e.nip === byRole.get('learner')?.nip);
      expect(learner?.supervisorNip).toBe(supervisor?.nip);
      const adminUnit = agency.units.some((u) => u.code === 'BKPSDM') ? 'BKPSDM' : 'SEKCAM';
      for (const role of ['training_admin', 'tenant_admin'] as const) {
        const holder = agency.employees.find((e) => e.nip === byRole.get(role)?.nip);
        expect(holder?.unitCode).toBe(adminUnit);
      }
    }
  });

  it('is deterministic', () => {
    expect(demoAgencies()).toEqual(demoAgencies());
    expect(demoLogins()).toEqual(demoLogins());
  });
});
