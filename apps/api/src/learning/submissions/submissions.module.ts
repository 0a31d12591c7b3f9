import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsRepository } from './submissions.repository';
import { SubmissionsService } from './submissions.service';

/** Assignment lessons: learners hand in files; graders grade them in the grading inbox (grading/). */
@Module({ imports: [DeliveryModule], controllers: [SubmissionsController], providers: [SubmissionsService, SubmissionsRepository], exports: [SubmissionsService] })
export class SubmissionsModule {}
