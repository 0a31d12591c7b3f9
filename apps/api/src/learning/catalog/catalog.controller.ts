import { applyDecorators, Controller, Get, Param, Req, Res, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, type ApiQueryOptions } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { requestLocale } from '../../platform';
import { uuidPipe } from '../../platform';
import { CatalogRequestReader } from './catalog-request';
import { CatalogService } from './catalog.service';
import { CatalogQueryDto } from './dto/catalog.dto';

/**
 * Documents a query DTO field by field, as `@Query() dto` would, for a route that reads its query
 * itself (the catalog list, through CatalogRequestReader): one source for the parameters, the DTO.
 */
function ApiQueryOf(dto: Type): MethodDecorator {
  const names: string[] = Reflect.getMetadata('swagger/apiModelPropertiesArray', dto.prototype) ?? [];
  return applyDecorators(
    ...names.map((key) => {
      const name = key.replace(/^:/, '');
      const property = (Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, name) ?? {}) as Record<string, unknown>;
      return ApiQuery({ name, ...property, type: property['type'] ?? Reflect.getMetadata('design:type', dto.prototype, name) } as ApiQueryOptions);
    }),
  );
}

/** What learners see: published, not archived courses of their agency and the national ones. Drafts never. */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog')
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly requests: CatalogRequestReader,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Search and filter the catalog: this agency’s courses and the national ones' })
  @ApiQueryOf(CatalogQueryDto)
  async list(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    // Sent as stored: the cached body is serialised once, and its tag lets a client revalidate (304).
    const answer = await this.catalog.list(actor, await this.requests.read(req));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', answer.etag);
    res.send(answer.body);
  }

  @Get(':courseId')
  @Authenticated()
  @ApiOperation({ summary: 'The course page of the latest published version: syllabus, JP, competencies, what the certificate proves' })
  page(@CurrentActor() actor: Actor, @Param('courseId', uuidPipe('courseId')) courseId: string, @Req() req: Request) {
    return this.catalog.page(actor, courseId, requestLocale(req));
  }
}
