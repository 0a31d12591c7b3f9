import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EMPLOYEE_STATUSES, TENANT_ROLES } from '@mahir/competency';
import { Portal } from '@mahir/runtime';
import type { Actor, PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { IMPORT_MODES, type ImportMode } from '../../platform';
import type { ImportReport } from '../../platform';
import { CreateEmployeeDto, TransferEmployeeDto, UpdateEmployeeDto } from '../employees/dto/employee.dto';
import { CSV_COLUMNS, EmployeesImportService } from '../employees/employees-import.service';
import { EmployeesService } from '../employees/employees.service';
import { PositionsService } from '../positions/positions.service';
import { Problem } from '../../platform';
import { uuidPipe } from '../../platform';
import { UnitsService } from '../units/units.service';
import { CreateUserDto, SetRolesDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { validateForm, type FormErrors } from '../../platform';
import { portalLocale } from '../../platform';
import { pageParam, listPager, refusalOnForm, searchParam, statusOf } from '../../platform';
import { ViewService } from '../../platform';
import { flattenUnits } from './org-structure.controller';
import { PortalPages } from '../../platform';

interface Again {
  values?: Record<string, unknown>;
  errors?: FormErrors;
  errorSummary?: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const blank = (v: unknown) => (v === '' || v === undefined ? undefined : v);
const listOf = (v: unknown) => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');

/** The tenant admin's people: employees (with the CSV import) and logins with their roles. */
@PortalPages()
@Controller('org')
export class OrgPeopleController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly employees: EmployeesService,
    private readonly importer: EmployeesImportService,
    private readonly units: UnitsService,
    private readonly positions: PositionsService,
    private readonly users: UsersService,
  ) {}

  @Get('employees')
  @Portal('tenant_admin')
  async employeeList(@Req() req: PortalRequest, @Query('q') q?: string, @Query('page') page?: string) {
    const search = searchParam(q);
    const list = await this.employees.list(req.actor, { q: search, page: pageParam(page), pageSize: 20 });
    return this.views.page(req, 'org/employees', { title: 'org.employees.title' }, {
      q: search ?? '',
      employees: list.items.map((e) => ({ ...e, statusKey: `org.employeeStatus.${e.status}` })),
      pager: listPager('/org/employees', { q: search }, list),
    });
  }

  @Get('employees/new')
  @Portal('tenant_admin')
  async newEmployee(@Req() req: PortalRequest) {
    return this.renderEmployee(req, null, {});
  }

  @Post('employees')
  @Portal('tenant_admin')
  async createEmployee(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const fields = ['nip', 'fullName', 'email', 'unitId', 'positionId', 'supervisorNip', 'startDate'];
    const values = Object.fromEntries(fields.map((f) => [f, body[f]]));
    try {
      const supervisorId = await this.supervisorOf(req.actor, body['supervisorNip']);
      const form = await validateForm(req, CreateEmployeeDto, {
        nip: text(body['nip']), fullName: body['fullName'], email: body['email'], unitId: body['unitId'], positionId: body['positionId'],
        supervisorId, startDate: blank(body['startDate']),
      });
      if (form.invalid) {
        res.status(400);
        return this.renderEmployee(req, null, { values, errors: supervisorField(form.invalid.errors), errorSummary: form.invalid.summary });
      }
      const employee = await this.employees.create(req.actor, form.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'org.employees.created', params: { name: employee.fullName } });
      return res.redirect(303, `/org/employees?q=${encodeURIComponent(employee.nip)}`);
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderEmployee(req, null, { values, errors: supervisorField(invalid.errors), errorSummary: invalid.summary });
    }
  }

  @Get('employees/import')
  @Portal('tenant_admin')
  importForm(@Req() req: PortalRequest) {
    return this.renderImport(req, { values: { mode: 'all-or-nothing' } }, null);
  }

  /** The CSV arrives as the text of a form field (the page's script fills it from a chosen file) and goes to the API's own importer. */
  @Post('employees/import')
  @HttpCode(200)
  @Portal('tenant_admin')
  async importEmployees(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const csv = typeof body['file'] === 'string' ? body['file'] : '';
    const mode: ImportMode = (IMPORT_MODES as readonly string[]).includes(String(body['mode'])) ? (body['mode'] as ImportMode) : 'all-or-nothing';
    const dryRun = body['dryRun'] === 'true' || body['dryRun'] === 'on';
    const values = { file: csv, mode, dryRun };
    try {
      const report = await this.importer.import(req.actor, csv, mode, dryRun, portalLocale(req));
      return this.renderImport(req, { values: { mode } }, report);
    } catch (error) {
      // All or nothing with broken rows: nothing was written, and the report says which rows to fix.
      if (error instanceof Problem && error.extra['report']) {
        res.status(error.getStatus());
        return this.renderImport(req, { values, errorSummary: refusalOnForm(req, error).summary }, error.extra['report'] as ImportReport);
      }
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderImport(req, { values, errors: invalid.errors, errorSummary: invalid.summary }, null);
    }
  }

  private renderImport(req: PortalRequest, again: Again, report: ImportReport | null) {
    return this.views.page(req, 'org/import', { title: 'org.import.title', ...again }, {
      columns: CSV_COLUMNS.join(','),
      modes: IMPORT_MODES.map((m) => ({ value: m, key: `org.import.mode.${m}` })),
      report,
      scripts: [this.views.assetUrl('org.js')],
    });
  }

  @Get('employees/:id')
  @Portal('tenant_admin')
  async editEmployee(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string) {
    const e = await this.employees.get(req.actor, id);
    return this.renderEmployee(req, e, {
      values: { fullName: e.fullName, email: e.email, status: e.status, supervisorNip: e.supervisor?.nip ?? '', unitId: e.unit.id, positionId: e.position.id, version: e.version },
    });
  }

  @Post('employees/:id')
  @Portal('tenant_admin')
  async updateEmployee(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: Record<string, unknown>) {
    const current = await this.employees.get(req.actor, id);
    const fields = ['fullName', 'email', 'status', 'supervisorNip', 'unitId', 'positionId', 'effectiveDate', 'version'];
    const values = Object.fromEntries(fields.map((f) => [f, body[f]]));
    try {
      const supervisorId = (await this.supervisorOf(req.actor, body['supervisorNip'])) ?? null;
      const form = await validateForm(req, UpdateEmployeeDto, {
        fullName: body['fullName'], email: body['email'], status: body['status'], supervisorId,
        version: versionOf(body['version']),
      });
      const moved = body['unitId'] !== current.unit.id || body['positionId'] !== current.position.id;
      const transfer = moved
        ? await validateForm(req, TransferEmployeeDto, { unitId: body['unitId'], positionId: body['positionId'], effectiveDate: blank(body['effectiveDate']) })
        : null;
      const changes = form.value;
      if (!changes || transfer?.invalid) {
        res.status(400);
        const errors = supervisorField({ ...form.invalid?.errors, ...transfer?.invalid?.errors });
        return this.renderEmployee(req, current, { values, errors, errorSummary: (form.invalid ?? transfer?.invalid)?.summary });
      }
      await this.employees.update(req.actor, id, changes);
      if (transfer?.value) await this.employees.transfer(req.actor, id, transfer.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'org.employees.updated', params: { name: String(changes.fullName ?? current.fullName) } });
      return res.redirect(303, `/org/employees?q=${encodeURIComponent(current.nip)}`);
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderEmployee(req, current, { values, errors: supervisorField(invalid.errors), errorSummary: invalid.summary });
    }
  }

  /** The new-employee form (employee null) or the edit form of one. */
  private async renderEmployee(req: PortalRequest, employee: { id: string; nip: string; fullName: string } | null, again: Again) {
    const [tree, positions] = await Promise.all([this.units.tree(req.actor), this.positions.list(req.actor, { page: 1, pageSize: 100 })]);
    return this.views.page(
      req,
      'org/employee',
      employee ? { title: 'org.employees.editTitle', titleParams: { name: employee.fullName }, ...again } : { title: 'org.employees.newTitle', ...again },
      {
        employee,
        units: flattenUnits(tree),
        positions: positions.items,
        statuses: EMPLOYEE_STATUSES.map((s) => ({ value: s, key: `org.employeeStatus.${s}` })),
      },
    );
  }

  /** The supervisor typed as a NIP, found with the employee list's own search; an unknown NIP is told next to the field. */
  private async supervisorOf(actor: Actor, nip: unknown): Promise<string | undefined> {
    const typed = typeof nip === 'string' ? nip.trim() : '';
    if (!typed) return undefined;
    const found = await this.employees.list(actor, { q: typed, page: 1, pageSize: 5 });
    const match = found.items.find((e) => e.nip === typed);
    if (!match) throw Problem.field(422, 'supervisorNip', 'employee.supervisorNotFound');
    return match.id;
  }

  @Get('users')
  @Portal('tenant_admin')
  async userList(@Req() req: PortalRequest, @Query('q') q?: string, @Query('page') page?: string) {
    return this.renderUsers(req, searchParam(q), pageParam(page), {}, {});
  }

  @Post('users')
  @Portal('tenant_admin')
  async createUser(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const roles = listOf(body['roles']);
    const values = { employeeNip: body['employeeNip'], roles };
    try {
      const employeeId = await this.employeeIdOf(req.actor, body['employeeNip']);
      const form = await validateForm(req, CreateUserDto, { employeeId, password: body['password'], roles });
      if (form.invalid) {
        res.status(400);
        return this.renderUsers(req, undefined, 1, { values, errors: employeeField(form.invalid.errors), errorSummary: form.invalid.summary }, {});
      }
      const user = await this.users.create(req.actor, form.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'org.users.created', params: { name: user.displayName } });
      return res.redirect(303, `/org/users?q=${encodeURIComponent(user.nip ?? user.email)}`);
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderUsers(req, undefined, 1, { values, errors: employeeField(invalid.errors), errorSummary: invalid.summary }, {});
    }
  }

  @Post('users/:id/roles')
  @Portal('tenant_admin')
  async setRoles(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: Record<string, unknown>) {
    const user = await this.users.get(req.actor, id);
    const roles = listOf(body['roles']);
    const form = await validateForm(req, SetRolesDto, { roles });
    const again = (errors: FormErrors, summary: string) => this.renderUsers(req, user.nip ?? user.email, 1, {}, { [id]: { values: { roles }, errors, errorSummary: summary } });
    if (form.invalid) {
      res.status(400);
      return again(form.invalid.errors, form.invalid.summary);
    }
    try {
      await this.users.setRoles(req.actor, id, form.value.roles);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'org.users.rolesSaved', params: { name: user.displayName } });
      return res.redirect(303, `/org/users?q=${encodeURIComponent(user.nip ?? user.email)}`);
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return again(invalid.errors, invalid.summary);
    }
  }

  private async renderUsers(req: PortalRequest, q: string | undefined, page: number, again: Again, rows: Record<string, Again>) {
    const list = await this.users.list(req.actor, { q, page, pageSize: 20 });
    const items = list.items.map((u) => {
      const row = rows[u.id];
      const held = new Set((row?.values?.['roles'] as string[] | undefined) ?? u.roles);
      return { ...u, again: row ?? null, roleChoices: TENANT_ROLES.map((r) => ({ value: r, key: `common.role.${r}`, held: held.has(r) })) };
    });
    const chosen = new Set((again.values?.['roles'] as string[] | undefined) ?? ['learner']);
    return this.views.page(req, 'org/users', { title: 'org.users.title', ...again, errorSummary: again.errorSummary ?? Object.values(rows)[0]?.errorSummary }, {
      q: q ?? '',
      users: items,
      newRoles: TENANT_ROLES.map((r) => ({ value: r, key: `common.role.${r}`, held: chosen.has(r) })),
      pager: listPager('/org/users', { q }, list),
    });
  }

  private async employeeIdOf(actor: Actor, nip: unknown): Promise<string | undefined> {
    const typed = typeof nip === 'string' ? nip.trim() : '';
    if (!typed) return undefined;
    const found = await this.employees.list(actor, { q: typed, page: 1, pageSize: 5 });
    const match = found.items.find((e) => e.nip === typed);
    if (!match) throw Problem.field(422, 'employeeNip', 'employee.notFound');
    return match.id;
  }
}

/** The version the form was loaded with (a hidden field), when it is one. */
function versionOf(value: unknown): number | undefined {
  return (typeof value === 'string' || typeof value === 'number') && /^\d+$/.test(String(value)) ? Number(value) : undefined;
}

/** The DTO's supervisorId is typed on the form as the supervisor's NIP. */
function supervisorField(errors: FormErrors): FormErrors {
  const { supervisorId, ...rest } = errors;
  return supervisorId ? { ...rest, supervisorNip: rest['supervisorNip'] ?? supervisorId } : rest;
}

/** The DTO's employeeId is typed on the form as the employee's NIP. */
function employeeField(errors: FormErrors): FormErrors {
  const { employeeId, ...rest } = errors;
  return employeeId ? { ...rest, employeeNip: rest['employeeNip'] ?? employeeId } : rest;
}
