import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Enrollment } from '@mahir/persistence';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsRepository } from './assignments.repository';
import { AssignmentsService } from './assignments.service';
import { EnrollmentsController } from './enrollments.controller';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentsService } from './enrollments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Enrollment])],
  controllers: [EnrollmentsController, AssignmentsController],
  providers: [EnrollmentsService, EnrollmentsRepository, AssignmentsService, AssignmentsRepository],
  exports: [EnrollmentsService, AssignmentsService],
})
export class EnrollmentsModule {}
