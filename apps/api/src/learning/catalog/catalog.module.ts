import { Module } from '@nestjs/common';
import { EmployeesModule } from '../../organisation';
import { ProfileModule } from '../../competency';
import { CatalogCache } from './catalog-cache';
import { CatalogCacheInvalidation } from './catalog-cache-invalidation';
import { CatalogRequestReader } from './catalog-request';
import { CatalogController } from './catalog.controller';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { createMarkdownRenderer, MARKDOWN_RENDERER } from './markdown';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';

@Module({
  imports: [EmployeesModule, ProfileModule],
  controllers: [CatalogController, RecommendationsController],
  providers: [
    CatalogService,
    CatalogRepository,
    CatalogCache,
    CatalogCacheInvalidation,
    CatalogRequestReader,
    RecommendationsService,
    { provide: MARKDOWN_RENDERER, useFactory: createMarkdownRenderer },
  ],
  exports: [CatalogService, CatalogRepository, CatalogRequestReader, RecommendationsService],
})
export class CatalogModule {}
