import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { CreditJpDto, JpQueryDto, ProfileQueryDto } from './dto/profile.dto';
import { ProfileService } from './profile.service';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('employees/:employeeId')
export class ProfileController {
  constructor(private readonly profiles: ProfileService) {}

  @Get('profile')
  @Authenticated()
  @ApiOperation({ summary: 'Competency profile: level held vs required per competency, gaps and match score' })
  profile(@CurrentActor() actor: Actor, @Param('employeeId', uuidPipe('employeeId')) employeeId: string, @Query() query: ProfileQueryDto) {
    return this.profiles.profile(actor, employeeId, query.asOf);
  }

  @Get('jp')
  @Authenticated()
  @ApiOperation({ summary: 'JP of a calendar year (agency time zone) against the yearly 20 JP' })
  jp(@CurrentActor() actor: Actor, @Param('employeeId', uuidPipe('employeeId')) employeeId: string, @Query() query: JpQueryDto) {
    return this.profiles.jp(actor, employeeId, query.year);
  }

  @Post('jp-credits')
  @Roles('training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Credit JP from training outside Mahir; the same source twice yields one credit (200)' })
  async credit(
    @CurrentActor() actor: Actor,
    @Param('employeeId', uuidPipe('employeeId')) employeeId: string,
    @Body() dto: CreditJpDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, jp } = await this.profiles.credit(actor, employeeId, dto);
    res.status(created ? 201 : 200);
    return jp;
  }
}
