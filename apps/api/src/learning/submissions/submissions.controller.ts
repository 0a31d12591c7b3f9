import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { RequestSubmissionDto } from './dto/request-submission.dto';
import { SubmissionsService } from './submissions.service';

/** Assignment lessons, for the learner whose enrollment it is; anyone else gets 404. */
@ApiTags('delivery')
@ApiBearerAuth()
@Controller()
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post('enrollments/:id/assignments/:lessonId/submissions')
  @Authenticated()
  @ApiOperation({ summary: 'Start a submission: a presigned PUT URL (10 minutes) for one file — PDF, DOCX, XLSX, PPTX, PNG, JPEG or ZIP, at most 20 MiB' })
  request(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string, @Body() dto: RequestSubmissionDto) {
    return this.submissions.request(actor, id, lessonId, dto.contentType, dto.size, dto.fileName);
  }

  @Get('enrollments/:id/assignments/:lessonId/submissions')
  @Authenticated()
  @ApiOperation({ summary: 'The assignment and my submissions of it, newest first, with grades and feedback' })
  list(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string) {
    return this.submissions.list(actor, id, lessonId);
  }

  @Post('assignment-submissions/:submissionId/complete')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'The upload is done: the server checks the real size and type, then the submission waits for a grader (415/413 name the file)' })
  complete(@CurrentActor() actor: Actor, @Param('submissionId', uuidPipe('submissionId')) submissionId: string) {
    return this.submissions.complete(actor, submissionId);
  }

  @Get('assignment-submissions/:submissionId')
  @Authenticated()
  @ApiOperation({ summary: 'One of my submissions: the file, and once graded the points, score, verdict and feedback' })
  get(@CurrentActor() actor: Actor, @Param('submissionId', uuidPipe('submissionId')) submissionId: string) {
    return this.submissions.get(actor, submissionId);
  }
}
