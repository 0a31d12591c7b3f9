import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, Public, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { PageQueryDto } from '../../platform';
import { TemplateVersionQueryDto } from './dto/certificates.dto';
import { uuidPipe } from '../../platform';
import { CERTIFICATE_FILE_FIELD, CertificateFileInterceptor, type UploadedPdf } from './certificate-file.interceptor';
import { CertificatesService } from './certificates.service';
import { CertificateTemplatesService } from './certificate-templates.service';
import { CertificateTemplateDto, ReissueCertificateDto, RequestCertificateAssetDto, RevokeCertificateDto } from './dto/certificates.dto';
import { notFoundPage, verificationPage } from './verify-page';
import { RequestBody } from '../../platform';

/** The public upload route (multipart/form-data; the body parser lets it through to multer). */

@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('me/certificates')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My certificates, newest first (pending ones are being produced)' })
  mine(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.certificates.mine(actor, query);
  }

  @Get('certificates/:id/download')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A download link of the PDF, valid for 5 minutes (the holder or a training admin); 409 while it is being produced' })
  download(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.certificates.download(actor, id);
  }

  @Post('certificates/:id/revoke')
  @HttpCode(200)
  @Roles('training_admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke a valid certificate with a reason (audited); verification then answers revoked' })
  revoke(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: RevokeCertificateDto) {
    return this.certificates.revoke(actor, id, dto.reason);
  }

  @Post('certificates/:id/reissue')
  @HttpCode(202)
  @Roles('training_admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Re-issue a valid certificate (same number and code, current holder data, a new file; the old file still verifies as an earlier file). Idempotent while pending' })
  reissue(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: ReissueCertificateDto) {
    return this.certificates.reissue(actor, id, dto.reason);
  }

  @Get('courses/:courseId/certificates.zip')
  @Roles('training_admin')
  @ApiBearerAuth()
  @ApiProduces('application/zip')
  @ApiOperation({ summary: 'Every valid certificate of a course as one ZIP, streamed (<number>.pdf)' })
  async zip(@CurrentActor() actor: Actor, @Param('courseId', uuidPipe('courseId')) courseId: string, @Res() res: Response) {
    await this.certificates.zipOfCourse(actor, courseId, res);
  }

  @Get('certificates/verify/:code')
  @Public()
  @ApiOperation({ summary: 'Verify a certificate by its code (public): valid, revoked or expired, with what it certifies; unknown codes 404' })
  verify(@Param('code') code: string) {
    return this.certificates.verifyOrFail(code);
  }

  @Post('certificates/verify/:code/file')
  @RequestBody('multipart')
  @HttpCode(200)
  @Public()
  @UseInterceptors(CertificateFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [CERTIFICATE_FILE_FIELD],
      properties: { [CERTIFICATE_FILE_FIELD]: { type: 'string', format: 'binary', description: 'The PDF to check; at most EVIDENCE_LIMIT_BYTES' } },
    },
  })
  @ApiOperation({ summary: 'Check whether a PDF is the certificate’s file (public): {matches, sha256}' })
  checkFile(@Param('code') code: string, @UploadedFile() file: UploadedPdf | undefined) {
    return this.certificates.checkFile(code, file);
  }
}

/** `GET /verify/<code>` at the root (the QR code's target), outside the /api/v1 prefix. */
@ApiTags('certificates')
@Controller('verify')
export class VerifyPageController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get(':code')
  @Public()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The public verification page (HTML, Indonesian and English, no JavaScript); 404 page for unknown codes' })
  async page(@Param('code') code: string, @Res() res: Response) {
    const found = await this.certificates.verify(code);
    res
      .status(found ? 200 : 404)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      })
      .send(found ? verificationPage(found) : notFoundPage());
  }
}

const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

/** Training admins' certificate templates (versioned) and the images and fonts they inline. */
@ApiTags('certificates')
@ApiBearerAuth()
@Controller()
export class CertificateTemplatesController {
  constructor(private readonly templates: CertificateTemplatesService) {}

  @Get('certificate-templates')
  @Roles('training_admin')
  @ApiOperation({ summary: 'The agency’s certificate templates (latest versions); a course without one uses the built-in default' })
  list(@CurrentActor() actor: Actor) {
    return this.templates.list(actor);
  }

  @Post('certificate-templates')
  @Roles('training_admin')
  @ApiOperation({ summary: 'Create a template (version 1); 422 names the line of a script, handler, remote URL, unknown helper or syntax error' })
  create(@CurrentActor() actor: Actor, @Body() dto: CertificateTemplateDto) {
    return this.templates.create(actor, dto);
  }

  @Get('certificate-templates/:id')
  @Roles('training_admin')
  @ApiOperation({ summary: 'A template at its latest version (or ?version=n)' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Query() query: TemplateVersionQueryDto) {
    return this.templates.get(actor, id, query.version);
  }

  @Put('certificate-templates/:id')
  @Roles('training_admin')
  @ApiOperation({ summary: 'Save a new version of a template; issued certificates keep the version they were rendered with' })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: CertificateTemplateDto) {
    return this.templates.update(actor, id, dto);
  }

  @Post('certificate-templates/:id/preview')
  @HttpCode(200)
  @Roles('training_admin')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The latest version rendered with sample data, as HTML under a CSP that allows no script and no network' })
  async preview(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Res() res: Response) {
    const html = await this.templates.preview(actor, id);
    res.status(200).set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PREVIEW_CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }).send(html);
  }

  @Get('certificate-assets')
  @Roles('training_admin')
  @ApiOperation({ summary: 'The agency’s template assets (images and fonts), by name' })
  assets(@CurrentActor() actor: Actor) {
    return this.templates.listAssets(actor);
  }

  @Post('certificate-assets')
  @Roles('training_admin')
  @ApiOperation({ summary: 'A presigned upload URL for a new asset (PNG, JPEG, WOFF2, TTF ≤ 2 MiB; SVG refused); complete it afterwards' })
  requestAsset(@CurrentActor() actor: Actor, @Body() dto: RequestCertificateAssetDto) {
    return this.templates.requestAsset(actor, dto.name, dto.contentType, dto.size);
  }

  @Post('certificate-assets/:id/complete')
  @HttpCode(200)
  @Roles('training_admin')
  @ApiOperation({ summary: 'Check the uploaded bytes (type by content, size); a failing file is removed and the asset rejected' })
  completeAsset(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.templates.completeAsset(actor, id);
  }
}
