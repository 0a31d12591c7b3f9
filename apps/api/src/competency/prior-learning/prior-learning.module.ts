import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Competency, PriorLearning } from '@mahir/persistence';
import { PriorLearningController } from './prior-learning.controller';
import { PriorLearningRepository } from './prior-learning.repository';
import { PriorLearningService } from './prior-learning.service';

@Module({
  imports: [TypeOrmModule.forFeature([Competency, PriorLearning])],
  controllers: [PriorLearningController],
  providers: [PriorLearningService, PriorLearningRepository],
})
export class PriorLearningModule {}
