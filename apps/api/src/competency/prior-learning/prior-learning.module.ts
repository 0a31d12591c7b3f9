import { Module } from '@nestjs/common';
import { PriorLearningController } from './prior-learning.controller';
import { PriorLearningService } from './prior-learning.service';

@Module({ controllers: [PriorLearningController], providers: [PriorLearningService] })
export class PriorLearningModule {}
