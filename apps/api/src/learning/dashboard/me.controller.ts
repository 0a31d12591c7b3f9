import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { DashboardService } from './dashboard.service';
import { MyCoursesQueryDto } from './dto/dashboard.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('courses')
  @Authenticated()
  @ApiOperation({ summary: 'My enrollments with course title, status, progress, due date, overdue, mandatory and the next lesson to open' })
  courses(@CurrentActor() actor: Actor, @Query() query: MyCoursesQueryDto) {
    return this.dashboard.myCourses(actor, query);
  }

  @Get('dashboard')
  @Authenticated()
  @ApiOperation({ summary: 'JP this year against 20 (agency time zone), enrollments by status, and what to do next: overdue, due soonest, in progress' })
  overview(@CurrentActor() actor: Actor) {
    return this.dashboard.myDashboard(actor);
  }
}
