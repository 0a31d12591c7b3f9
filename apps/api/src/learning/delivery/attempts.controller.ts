import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { AttemptsService } from './attempts.service';
import { SaveAnswersDto } from './dto/save-answers.dto';

/** A quiz attempt, for the learner whose enrollment it belongs to; anyone else gets 404. */
@ApiTags('delivery')
@ApiBearerAuth()
@Controller('attempts')
export class AttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get(':attemptId')
  @Authenticated()
  @ApiOperation({ summary: 'The attempt: questions, my answers, and once graded the score, verdict and per-question results' })
  get(@CurrentActor() actor: Actor, @Param('attemptId', uuidPipe('attemptId')) attemptId: string) {
    return this.attempts.get(actor, attemptId);
  }

  @Put(':attemptId/answers')
  @Authenticated()
  @ApiOperation({ summary: 'Save answers (merged with those saved before); refused after the deadline' })
  saveAnswers(@CurrentActor() actor: Actor, @Param('attemptId', uuidPipe('attemptId')) attemptId: string, @Body() dto: SaveAnswersDto) {
    return this.attempts.saveAnswers(actor, attemptId, dto.answers);
  }

  @Post(':attemptId/submit')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit for grading; again has no further effect. Late: closed at the deadline (closedAtDeadline)' })
  submit(@CurrentActor() actor: Actor, @Param('attemptId', uuidPipe('attemptId')) attemptId: string) {
    return this.attempts.submit(actor, attemptId);
  }
}
