import { Module } from '@nestjs/common';
import { AnswerKeysModule } from './answer-keys/answer-keys.module';
import { GradingPagesController } from './reviews/grading-pages.controller';
import { GradingModule } from './reviews/grading.module';

const FEATURES = [GradingModule, AnswerKeysModule];

/** Grading: the graders' inbox of essays and assignments, rubrics and answer-key corrections. */
@Module({ imports: FEATURES, controllers: [GradingPagesController], exports: FEATURES })
export class GradingContextModule {}
