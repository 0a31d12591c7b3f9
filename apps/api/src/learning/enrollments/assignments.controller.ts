import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { PageQueryDto } from '../../platform';
import { requestLocale } from '../../platform';
import { uuidPipe } from '../../platform';
import { AssignmentsService } from './assignments.service';
import { AssignmentCsvQueryDto, CreateAssignmentDto } from './dto/assignment.dto';
import { RequestBody } from '../../platform';

/** The one route with a path parameter whose body is CSV: the body parser recognises it by this pattern. */

@ApiTags('enrollments')
@ApiBearerAuth()
@Controller()
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Post('courses/:courseId/assignments')
  @HttpCode(202)
  @Roles('supervisor', 'training_admin')
  @ApiOperation({
    summary: 'Assign a course to chosen employees, a unit (optionally with sub-units) or a position; the worker enrolls them in batches. 202 with the assignment to poll',
  })
  create(@CurrentActor() actor: Actor, @Param('courseId', uuidPipe('courseId')) courseId: string, @Body() dto: CreateAssignmentDto) {
    return this.assignments.create(actor, courseId, dto);
  }

  @Post('courses/:courseId/assignments/csv')
  @RequestBody('csv')
  @HttpCode(202)
  @Roles('supervisor', 'training_admin')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'nip\n198503152010011001\n199001012015031002' } })
  @ApiOperation({ summary: 'Assign a course to the NIPs of a CSV file (column nip); a per-row report; valid rows assigned (202), dryRun=true only reports (200)' })
  async createFromCsv(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidPipe('courseId')) courseId: string,
    @Query() query: AssignmentCsvQueryDto,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.assignments.createFromCsv(actor, courseId, typeof body === 'string' ? body : '', query, requestLocale(req));
    if (!result.assignment) res.status(200);
    return result;
  }

  @Get('courses/:courseId/assignments')
  @Roles('supervisor', 'training_admin')
  @ApiOperation({ summary: 'Assignments of a course with status and counts (total, processed, enrolled, alreadyEnrolled); supervisors see their own' })
  list(@CurrentActor() actor: Actor, @Param('courseId', uuidPipe('courseId')) courseId: string, @Query() query: PageQueryDto) {
    return this.assignments.listForCourse(actor, courseId, query);
  }

  @Get('assignments/:id')
  @Roles('supervisor', 'training_admin')
  @ApiOperation({ summary: 'One assignment with its progress: status queued → running → done, and the counts' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.assignments.get(actor, id);
  }
}
