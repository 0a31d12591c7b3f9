import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { EnrollDto, EnrollmentDecisionDto, EnrollmentQueryDto } from './dto/enrollment.dto';
import { EnrollmentsService } from './enrollments.service';

@ApiTags('enrollments')
@ApiBearerAuth()
@Controller('enrollments')
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Post()
  @Authenticated()
  @ApiOperation({ summary: 'Enroll myself: open courses start at once (version pinned), approval courses wait as requested; 409 for assigned-only, missing prerequisites, or a live enrollment' })
  enroll(@CurrentActor() actor: Actor, @Body() dto: EnrollDto) {
    return this.enrollments.enroll(actor, dto.courseId);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Enrollments: the agency’s for admins, the team’s for supervisors, my own otherwise' })
  list(@CurrentActor() actor: Actor, @Query() query: EnrollmentQueryDto) {
    return this.enrollments.list(actor, query);
  }

  @Get(':id')
  @Authenticated()
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.enrollments.get(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('supervisor', 'training_admin')
  @ApiOperation({ summary: 'Approve a request (the employee’s supervisor chain or a training admin); pins the current published version' })
  approve(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: EnrollmentDecisionDto) {
    return this.enrollments.approve(actor, id, dto.note);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('supervisor', 'training_admin')
  @ApiOperation({ summary: 'Reject a request, with an optional note' })
  reject(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: EnrollmentDecisionDto) {
    return this.enrollments.reject(actor, id, dto.note);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Withdraw a request or an active enrollment: the learner their own (not a mandatory one), a training admin anyone’s' })
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: EnrollmentDecisionDto) {
    return this.enrollments.withdraw(actor, id, dto.note);
  }
}
