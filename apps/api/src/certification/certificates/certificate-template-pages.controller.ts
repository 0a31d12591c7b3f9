import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { CertificateTemplatesService } from './certificate-templates.service';
import { CertificateTemplateDto } from './dto/certificates.dto';
import { Problem } from '../../platform';
import { problemToForm, validateForm } from '../../platform';
import { ViewService } from '../../platform';
import { templateIssues, text, UUID } from '../../platform';
import { PortalPages } from '../../platform';

/**
 * The preview's own policy (as the JSON API's preview): no script, no network, only inline styles and
 * data: images and fonts, sandboxed; unlike the API's it may be framed by the portal's own pages.
 */
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";
const ORIENTATIONS = ['landscape', 'portrait'];

interface TemplateForm {
  name: string;
  orientation: string;
  html: string;
  css: string;
}

/** Training admins' certificate templates: list, create, save a new version (with the template checks' lines), and a preview. */
@PortalPages()
@Controller('admin/certificate-templates')
export class CertificateTemplatePagesController {
  constructor(
    private readonly views: ViewService,
    private readonly templates: CertificateTemplatesService,
    private readonly sessions: PortalSessions,
  ) {}

  @Get()
  @Portal('training_admin')
  async list(@Req() req: PortalRequest) {
    return this.views.page(req, 'admin/templates', { title: 'admin.templates.title' }, { templates: await this.templates.list(req.actor) });
  }

  @Get('new')
  @Portal('training_admin')
  newForm(@Req() req: PortalRequest) {
    return this.form(req, null, { name: '', orientation: 'landscape', html: '', css: '' }, {});
  }

  @Post()
  @Portal('training_admin')
  async create(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    return this.save(req, res, null, body);
  }

  @Get(':id')
  @Portal('training_admin')
  async edit(@Req() req: PortalRequest, @Param('id') id: string, @Query('version') version?: string) {
    const wanted = version && /^\d{1,7}$/.test(version) ? Number(version) : undefined;
    const template = await this.templates.get(req.actor, this.checkId(id), wanted);
    return this.form(req, template, { name: template.name, orientation: template.orientation, html: template.html, css: template.css ?? '' }, {});
  }

  @Post(':id')
  @Portal('training_admin')
  async update(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    const template = await this.templates.get(req.actor, this.checkId(id));
    return this.save(req, res, template, body);
  }

  /** The latest version with sample data, as the service renders it, for the editor's frame. */
  @Get(':id/preview')
  @Portal('training_admin')
  async preview(@Req() req: PortalRequest, @Res() res: Response, @Param('id') id: string) {
    const html = await this.templates.preview(req.actor, this.checkId(id));
    res
      .status(200)
      .set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PREVIEW_CSP, 'X-Frame-Options': 'SAMEORIGIN', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' })
      .send(html);
  }

  private async save(req: PortalRequest, res: Response, template: { id: string; latestVersion: number } | null, body: Record<string, unknown>) {
    const typed: TemplateForm = { name: text(body['name'], 300), orientation: text(body['orientation'], 20), html: text(body['html']), css: text(body['css']) };
    const form = await validateForm(req, CertificateTemplateDto, { ...typed });
    if (form.invalid) {
      res.status(400);
      return this.form(req, template, typed, { errors: form.invalid.errors, summary: form.invalid.summary });
    }
    let saved: { id: string; version: number };
    try {
      saved = template ? await this.templates.update(req.actor, template.id, form.value) : await this.templates.create(req.actor, form.value);
    } catch (error) {
      if (error instanceof Problem && error.getStatus() === 404) throw error;
      const refused = templateIssues(req, error);
      const invalid = refused ?? { ...problemToForm(req, error), issues: [] };
      res.status(error instanceof Problem ? error.getStatus() : 422);
      return this.form(req, template, typed, { errors: invalid.errors, summary: refused ? refused.summary : invalid.summary, issues: invalid.issues });
    }
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'admin.templates.saved', params: { version: saved.version } });
    return res.redirect(303, `/admin/certificate-templates/${saved.id}`);
  }

  private form(
    req: PortalRequest,
    template: { id: string; latestVersion: number; version?: number; versionCreatedAt?: Date } | null,
    values: TemplateForm,
    state: { errors?: Record<string, string>; summary?: string; issues?: { field: string; message: string }[] },
  ) {
    const versions = template ? Array.from({ length: template.latestVersion }, (_, i) => template.latestVersion - i) : [];
    return this.views.page(
      req,
      'admin/template-form',
      { title: template ? 'admin.templates.editTitle' : 'admin.templates.newTitle', titleParams: { name: values.name }, values: { ...values }, errors: state.errors, errorSummary: state.summary },
      {
        template,
        issues: state.issues ?? [],
        orientations: ORIENTATIONS.map((o) => ({ value: o, label: `admin.templates.orientation.${o}` })),
        versions: versions.slice(0, 50),
        shownVersion: template?.version,
        older: template && template.version !== undefined && template.version !== template.latestVersion,
        action: template ? `/admin/certificate-templates/${template.id}` : '/admin/certificate-templates',
      },
    );
  }

  private checkId(id: string): string {
    if (!UUID.test(id)) throw Problem.notFound('certificateTemplate.notFound');
    return id;
  }
}
