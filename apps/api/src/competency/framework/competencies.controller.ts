import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { ImportQueryDto } from '../../platform';
import { requestLocale } from '../../platform';
import { uuidPipe } from '../../platform';
import { COMPETENCY_CSV_COLUMNS, CompetenciesImportService } from './competencies-import.service';
import { CompetenciesService } from './competencies.service';
import { CompetencyQueryDto, CreateCompetencyDto, UpdateCompetencyDto } from './dto/competency.dto';
import { RequestBody } from '../../platform';

/** The competency CSV import: its body is CSV, not JSON (the body parser needs to know). */

@ApiTags('competencies')
@ApiBearerAuth()
@Controller('competencies')
export class CompetenciesController {
  constructor(
    private readonly competencies: CompetenciesService,
    private readonly importer: CompetenciesImportService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The national dictionary and the agency’s technical competencies, national first, then by code' })
  list(@CurrentActor() actor: Actor, @Query() query: CompetencyQueryDto) {
    return this.competencies.list(actor, query);
  }

  @Get('framework')
  @Authenticated()
  @ApiOperation({ summary: 'The agency’s framework: its version, when it last changed, and its technical competencies in force' })
  framework(@CurrentActor() actor: Actor) {
    return this.competencies.framework(actor);
  }

  @Get('export')
  @Roles('training_admin', 'tenant_admin')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="kompetensi-teknis.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: `Export the technical competencies as CSV, one row per level (${COMPETENCY_CSV_COLUMNS.join(', ')}), the import format` })
  export(@CurrentActor() actor: Actor) {
    return this.importer.export(actor);
  }

  @Post('import')
  @RequestBody('csv')
  @Roles('training_admin', 'tenant_admin')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example: `${COMPETENCY_CSV_COLUMNS.join(',')}\nTK.ANKEB,Analisis Kebijakan,Menyusun kajian kebijakan,1,Memahami dasar analisis kebijakan,Merangkum isu | Mengumpulkan data,false`,
    },
  })
  @ApiOperation({ summary: 'Upsert technical competencies by code from CSV; a per-row report; nothing written if a row is invalid unless mode=valid-only' })
  import(@CurrentActor() actor: Actor, @Query() query: ImportQueryDto, @Body() body: unknown, @Req() req: Request) {
    return this.importer.import(actor, typeof body === 'string' ? body : '', query.mode, query.dryRun, requestLocale(req));
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One competency with its levels and its revision history' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.competencies.get(actor, id);
  }

  @Post()
  @Roles('training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Define a technical competency (revision 1; a new framework version)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCompetencyDto) {
    return this.competencies.create(actor, dto);
  }

  @Patch(':id')
  @Roles('training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Edit a technical competency at the revision you read; levels, when sent, replace the set' })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: UpdateCompetencyDto) {
    return this.competencies.update(actor, id, dto);
  }

  @Post(':id/retire')
  @Roles('training_admin', 'tenant_admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a technical competency; it and its history stay, lists hide it unless includeRetired' })
  retire(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.competencies.setRetired(actor, id, true);
  }

  @Post(':id/restore')
  @Roles('training_admin', 'tenant_admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring a retired technical competency back into force' })
  restore(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.competencies.setRetired(actor, id, false);
  }
}
