import { Module } from '@nestjs/common';
import { createMarkdownRenderer, MARKDOWN_RENDERER } from '../catalog/markdown';
import { AttemptsController } from './attempts.controller';
import { AttemptsService } from './attempts.service';
import { ContentService } from './content.service';
import { DeliveryRepository } from './delivery.repository';
import { EnrollmentDeliveryController } from './enrollment-delivery.controller';
import { PinnedEnrollments } from './pinned-enrollments';
import { ProgressService } from './progress.service';

/** Learning delivery: lesson content, progress ingest and quiz attempts (graded by the worker). */
@Module({
  controllers: [EnrollmentDeliveryController, AttemptsController],
  providers: [DeliveryRepository, PinnedEnrollments, ContentService, ProgressService, AttemptsService, { provide: MARKDOWN_RENDERER, useFactory: createMarkdownRenderer }],
  exports: [ContentService, ProgressService, AttemptsService, PinnedEnrollments],
})
export class DeliveryModule {}
