import { Module } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { EnrollmentsController } from './enrollments.controller';
import { EnrollmentsService } from './enrollments.service';

@Module({ controllers: [EnrollmentsController, AssignmentsController], providers: [EnrollmentsService, AssignmentsService], exports: [EnrollmentsService, AssignmentsService] })
export class EnrollmentsModule {}
