import { Module } from '@nestjs/common';
import { CompetenciesImportService } from './competencies-import.service';
import { CompetenciesController } from './competencies.controller';
import { CompetenciesService } from './competencies.service';
import { FrameworkWriter } from './framework-writer';

@Module({ controllers: [CompetenciesController], providers: [CompetenciesService, CompetenciesImportService, FrameworkWriter], exports: [CompetenciesService] })
export class CompetenciesModule {}
