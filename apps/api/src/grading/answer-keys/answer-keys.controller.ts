import { Body, Controller, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { Problem } from '../../platform';
import { uuidPipe } from '../../platform';
import { AnswerKeysService } from './answer-keys.service';
import { PutAnswerKeyDto } from './dto/answer-key.dto';

const versionPipe = new ParseIntPipe({ exceptionFactory: () => Problem.field(400, 'version', 'rule.isInt') });

/** Corrections of a quiz question's answer key in a published version (training admins of the owning agency). */
@ApiTags('courses')
@ApiBearerAuth()
@Controller('courses')
export class AnswerKeysController {
  constructor(private readonly answerKeys: AnswerKeysService) {}

  @Put(':courseId/versions/:version/questions/:questionId/answer-key')
  @Roles('training_admin')
  @ApiOperation({ summary: 'Correct the answer key of a question of a published version; the affected attempts are re-graded in the background' })
  put(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidPipe('courseId')) courseId: string,
    @Param('version', versionPipe) version: number,
    @Param('questionId') questionId: string,
    @Body() dto: PutAnswerKeyDto,
  ) {
    return this.answerKeys.put(actor, courseId, version, questionId, dto);
  }
}
