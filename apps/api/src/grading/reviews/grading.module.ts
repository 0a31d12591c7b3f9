import { Module } from '@nestjs/common';
import { GradingController } from './grading.controller';
import { GradingService } from './grading.service';
import { RubricsService } from './rubrics.service';

/** Grading by people: the inbox, grades and re-grades, rubrics (the worker finalizes the attempts). */
@Module({ controllers: [GradingController], providers: [GradingService, RubricsService], exports: [GradingService] })
export class GradingModule {}
