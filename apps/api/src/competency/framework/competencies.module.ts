import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Competency, CompetencyLevelDescriptor } from '@mahir/persistence';
import { CompetenciesImportService } from './competencies-import.service';
import { CompetenciesController } from './competencies.controller';
import { CompetenciesRepository } from './competencies.repository';
import { CompetenciesService } from './competencies.service';

@Module({
  imports: [TypeOrmModule.forFeature([Competency, CompetencyLevelDescriptor])],
  controllers: [CompetenciesController],
  providers: [CompetenciesService, CompetenciesImportService, CompetenciesRepository],
  exports: [CompetenciesService],
})
export class CompetenciesModule {}
