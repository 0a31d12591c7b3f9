import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { PageQueryDto } from '../../platform';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('team')
export class TeamProgressController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('progress')
  @Roles('supervisor')
  @ApiOperation({ summary: 'My team’s learning: per member the enrollments by status and average progress (paginated, q over name/NIP), and the overdue list' })
  progress(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.dashboard.teamProgress(actor, query);
  }
}
