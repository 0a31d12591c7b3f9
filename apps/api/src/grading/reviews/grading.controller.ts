import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { GradeItemDto, InboxQueryDto, PutRubricDto } from './dto/grading.dto';
import { GradingService } from './grading.service';
import { RubricsService } from './rubrics.service';

/** Grading by people: graders and training admins of the agency. */
@ApiTags('grading')
@ApiBearerAuth()
@Controller('grading')
export class GradingController {
  constructor(
    private readonly grading: GradingService,
    private readonly rubrics: RubricsService,
  ) {}

  @Get('inbox')
  @Roles('grader', 'training_admin')
  @ApiOperation({ summary: 'Essay answers waiting for a grade, oldest first; filter by courseId and minAgeHours' })
  inbox(@CurrentActor() actor: Actor, @Query() query: InboxQueryDto) {
    return this.grading.inbox(actor, query);
  }

  @Get('items/:id')
  @Roles('grader', 'training_admin')
  @ApiOperation({ summary: 'One item: the question, the learner’s answer, the rubric and the grade so far (with its revision)' })
  item(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.grading.item(actor, id);
  }

  @Post('items/:id/grade')
  @HttpCode(200)
  @Roles('grader', 'training_admin')
  @ApiOperation({ summary: 'Grade or re-grade (points or rubric levels, feedback) at the revision read; 409 when someone else graded first' })
  grade(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: GradeItemDto) {
    return this.grading.grade(actor, id, dto);
  }

  @Get('rubrics/:courseId/:questionId')
  @Roles('grader', 'training_admin')
  @ApiOperation({ summary: 'The rubric of an essay question of a published course (empty criteria when none)' })
  rubric(@CurrentActor() actor: Actor, @Param('courseId', uuidPipe('courseId')) courseId: string, @Param('questionId') questionId: string) {
    return this.rubrics.get(actor, courseId, questionId);
  }

  @Put('rubrics/:courseId/:questionId')
  @Roles('training_admin')
  @ApiOperation({ summary: 'Write the rubric of an essay question: criteria × levels with points, at most the question’s points in all' })
  putRubric(@CurrentActor() actor: Actor, @Param('courseId', uuidPipe('courseId')) courseId: string, @Param('questionId') questionId: string, @Body() dto: PutRubricDto) {
    return this.rubrics.put(actor, courseId, questionId, dto.criteria);
  }
}
