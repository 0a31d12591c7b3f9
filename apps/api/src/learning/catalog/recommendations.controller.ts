import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { requestLocale } from '../../platform';
import { uuidPipe } from '../../platform';
import { RecommendationsService } from './recommendations.service';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('employees/:employeeId/recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  /** Visible as the profile is: to the employee, their supervisor chain and the agency's admins. */
  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Recommended courses: the smallest set of catalog courses that closes the employee’s gaps, with reasons' })
  get(@CurrentActor() actor: Actor, @Param('employeeId', uuidPipe('employeeId')) employeeId: string, @Req() req: Request) {
    return this.recommendations.forEmployee(actor, employeeId, requestLocale(req));
  }
}
