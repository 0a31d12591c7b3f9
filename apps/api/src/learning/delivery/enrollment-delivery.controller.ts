import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { AttemptsService } from './attempts.service';
import { ContentService } from './content.service';
import { RecordProgressDto } from './dto/progress.dto';
import { ProgressService } from './progress.service';

/** Learning one's own enrollment: anyone else's answers 404, as if it did not exist. */
@ApiTags('delivery')
@ApiBearerAuth()
@Controller('enrollments')
export class EnrollmentDeliveryController {
  constructor(
    private readonly content: ContentService,
    private readonly progress: ProgressService,
    private readonly attempts: AttemptsService,
  ) {}

  @Get(':id/content')
  @Authenticated()
  @ApiOperation({ summary: 'The pinned course version’s modules and lessons (no answer keys), with my progress and where to resume' })
  getContent(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.content.content(actor, id);
  }

  @Get(':id/lessons/:lessonId')
  @Authenticated()
  @ApiOperation({ summary: 'One lesson: text rendered and sanitised, or a short-lived link to its video or document' })
  getLesson(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string) {
    return this.content.lesson(actor, id, lessonId);
  }

  @Post(':id/progress')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record up to 200 progress events in one transaction; replayed event ids have no further effect' })
  recordProgress(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: RecordProgressDto) {
    return this.progress.record(actor, id, dto.events);
  }

  @Post(':id/quizzes/:lessonId/attempts')
  @Authenticated()
  @ApiOperation({ summary: 'Start an attempt: questions drawn and shuffled, deadline set by the server clock' })
  startAttempt(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string) {
    return this.attempts.start(actor, id, lessonId);
  }
}
