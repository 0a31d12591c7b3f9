import { Module } from '@nestjs/common';
import { EmployeesModule } from '../employees/employees.module';
import { ProfileModule } from '../profile/profile.module';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { createMarkdownRenderer, MARKDOWN_RENDERER } from './markdown';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';

@Module({
  imports: [EmployeesModule, ProfileModule],
  controllers: [CatalogController, RecommendationsController],
  providers: [CatalogService, RecommendationsService, { provide: MARKDOWN_RENDERER, useFactory: createMarkdownRenderer }],
})
export class CatalogModule {}
