import { Module } from '@nestjs/common';
import { PinnedEnrollments } from '../delivery/pinned-enrollments';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';

/** Assignment lessons: learners hand in files; graders grade them in the grading inbox (grading/). */
@Module({ controllers: [SubmissionsController], providers: [SubmissionsService, PinnedEnrollments], exports: [SubmissionsService] })
export class SubmissionsModule {}
