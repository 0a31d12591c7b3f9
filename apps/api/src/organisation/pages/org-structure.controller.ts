import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { POSITION_CLASSES } from '@mahir/competency';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { CreatePositionDto, UpdatePositionDto } from '../positions/dto/position.dto';
import { PositionsService } from '../positions/positions.service';
import { uuidPipe } from '../../platform';
import { CreateUnitDto, UpdateUnitDto } from '../units/dto/unit.dto';
import { UnitsService, type UnitNode } from '../units/units.service';
import { validateForm, type FormErrors } from '../../platform';
import { pageParam, listPager, refusalOnForm, searchParam, statusOf } from '../../platform';
import { ViewService } from '../../platform';
import { PortalPages } from '../../platform';

interface Again {
  values?: Record<string, unknown>;
  errors?: FormErrors;
  errorSummary?: string;
}

/** A unit of the tree as one row of a list: its depth and the path of codes above it. */
export interface UnitRow {
  id: string;
  code: string;
  name: string;
  depth: number;
  path: string;
  parentId: string | null;
}

/** The unit tree in reading order (each unit after its parent), for tables and choice lists. */
export function flattenUnits(nodes: UnitNode[], depth = 0, above: string[] = [], parentId: string | null = null): UnitRow[] {
  const out: UnitRow[] = [];
  for (const node of nodes) {
    const path = [...above, node.code];
    out.push({ id: node.id, code: node.code, name: node.name, depth: Math.min(depth, 6), path: path.join(' › '), parentId });
    out.push(...flattenUnits(node.children, depth + 1, path, node.id));
  }
  return out;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);

/** The tenant admin's organisation structure: the unit tree and the positions (jabatan). */
@PortalPages()
@Controller('org')
export class OrgStructureController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly units: UnitsService,
    private readonly positions: PositionsService,
  ) {}

  @Get('units')
  @Portal('tenant_admin')
  async unitList(@Req() req: PortalRequest) {
    return this.renderUnits(req, {});
  }

  @Post('units')
  @Portal('tenant_admin')
  async createUnit(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const values = { code: body['code'], name: body['name'], parentId: body['parentId'] };
    const form = await validateForm(req, CreateUnitDto, { code: upper(body['code']), name: text(body['name']), parentId: body['parentId'] || undefined });
    if (form.invalid) {
      res.status(400);
      return this.renderUnits(req, { values, errors: form.invalid.errors, errorSummary: form.invalid.summary });
    }
    try {
      const unit = await this.units.create(req.actor, form.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'org.units.created', params: { code: unit.code } });
      return res.redirect(303, '/org/units');
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderUnits(req, { values, errors: invalid.errors, errorSummary: invalid.summary });
    }
  }

  private async renderUnits(req: PortalRequest, again: Again) {
    const units = flattenUnits(await this.units.tree(req.actor));
    return this.views.page(req, 'org/units', { title: 'org.units.title', ...again }, { units });
  }

  @Get('units/:id')
  @Portal('tenant_admin')
  async unitForm(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string) {
    const unit = await this.units.get(req.actor, id);
    return this.renderUnit(req, id, { values: { code: unit.code, name: unit.name, parentId: unit.parentId ?? '' } });
  }

  @Post('units/:id')
  @Portal('tenant_admin')
  async updateUnit(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: Record<string, unknown>) {
    await this.units.get(req.actor, id);
    const values = { code: body['code'], name: body['name'], parentId: body['parentId'] };
    // An empty choice of parent makes the unit a top-level one.
    const form = await validateForm(req, UpdateUnitDto, { code: upper(body['code']), name: text(body['name']), parentId: body['parentId'] ? body['parentId'] : null });
    if (form.invalid) {
      res.status(400);
      return this.renderUnit(req, id, { values, errors: form.invalid.errors, errorSummary: form.invalid.summary });
    }
    try {
      const unit = await this.units.update(req.actor, id, form.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'org.units.updated', params: { code: unit.code } });
      return res.redirect(303, '/org/units');
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderUnit(req, id, { values, errors: invalid.errors, errorSummary: invalid.summary });
    }
  }

  private async renderUnit(req: PortalRequest, id: string, again: Again) {
    const all = flattenUnits(await this.units.tree(req.actor));
    const self = all.find((u) => u.id === id);
    // The unit and everything under it cannot become its parent (the service refuses a cycle too).
    const below = new Set<string>([id]);
    for (const u of all) if (u.parentId && below.has(u.parentId)) below.add(u.id);
    return this.views.page(req, 'org/unit', { title: 'org.units.editTitle', titleParams: { code: self?.code ?? '' }, ...again }, {
      unitId: id,
      parents: all.filter((u) => !below.has(u.id)),
    });
  }

  @Get('positions')
  @Portal('tenant_admin')
  async positionList(@Req() req: PortalRequest, @Query('q') q?: string, @Query('page') page?: string) {
    return this.renderPositions(req, searchParam(q), pageParam(page), {});
  }

  @Post('positions')
  @Portal('tenant_admin')
  async createPosition(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const values = { code: body['code'], name: body['name'], positionClass: body['positionClass'] };
    const form = await validateForm(req, CreatePositionDto, { code: upper(body['code']), name: text(body['name']), positionClass: body['positionClass'] });
    if (form.invalid) {
      res.status(400);
      return this.renderPositions(req, undefined, 1, { values, errors: form.invalid.errors, errorSummary: form.invalid.summary });
    }
    try {
      const position = await this.positions.create(req.actor, form.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'org.positions.created', params: { code: position.code } });
      return res.redirect(303, '/org/positions');
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderPositions(req, undefined, 1, { values, errors: invalid.errors, errorSummary: invalid.summary });
    }
  }

  private async renderPositions(req: PortalRequest, q: string | undefined, page: number, again: Again) {
    const list = await this.positions.list(req.actor, { q, page, pageSize: 20 });
    return this.views.page(req, 'org/positions', { title: 'org.positions.title', ...again }, {
      q: q ?? '',
      positions: list.items.map((p) => ({ ...p, classKey: `org.positionClass.${p.positionClass}` })),
      classes: POSITION_CLASSES.map((c) => ({ value: c, key: `org.positionClass.${c}` })),
      pager: listPager('/org/positions', { q }, list),
    });
  }

  @Get('positions/:id')
  @Portal('tenant_admin')
  async positionForm(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string) {
    const position = await this.positions.get(req.actor, id);
    return this.renderPosition(req, id, position.code, { values: { code: position.code, name: position.name, positionClass: position.positionClass } });
  }

  @Post('positions/:id')
  @Portal('tenant_admin')
  async updatePosition(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: Record<string, unknown>) {
    const current = await this.positions.get(req.actor, id);
    const values = { code: body['code'], name: body['name'], positionClass: body['positionClass'] };
    const form = await validateForm(req, UpdatePositionDto, { code: upper(body['code']), name: text(body['name']), positionClass: body['positionClass'] });
    if (form.invalid) {
      res.status(400);
      return this.renderPosition(req, id, current.code, { values, errors: form.invalid.errors, errorSummary: form.invalid.summary });
    }
    try {
      const position = await this.positions.update(req.actor, id, form.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'org.positions.updated', params: { code: position.code } });
      return res.redirect(303, '/org/positions');
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderPosition(req, id, current.code, { values, errors: invalid.errors, errorSummary: invalid.summary });
    }
  }

  private renderPosition(req: PortalRequest, id: string, code: string, again: Again) {
    return this.views.page(req, 'org/position', { title: 'org.positions.editTitle', titleParams: { code }, ...again }, {
      positionId: id,
      classes: POSITION_CLASSES.map((c) => ({ value: c, key: `org.positionClass.${c}` })),
    });
  }
}
