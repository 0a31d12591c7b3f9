import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../auth/actor';
import { requestLocale } from '../problem/problem-response';
import { uuidPipe } from '../problem/uuid.pipe';
import { CatalogService } from './catalog.service';
import { CatalogQueryDto } from './dto/catalog.dto';

/** What learners see: published, not archived courses of their agency and the national ones. Drafts never. */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Search and filter the catalog: this agency’s courses and the national ones' })
  list(@CurrentActor() actor: Actor, @Query() query: CatalogQueryDto) {
    return this.catalog.list(actor, query);
  }

  @Get(':courseId')
  @Authenticated()
  @ApiOperation({ summary: 'The course page of the latest published version: syllabus, JP, competencies, what the certificate proves' })
  page(@CurrentActor() actor: Actor, @Param('courseId', uuidPipe('courseId')) courseId: string, @Req() req: Request) {
    return this.catalog.page(actor, courseId, requestLocale(req));
  }
}
