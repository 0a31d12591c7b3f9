import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { AdjustEntryDto, LedgerQueryDto, RecordEntryDto, RevokeEntryDto } from './dto/ledger.dto';
import { LedgerService } from './ledger.service';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('employees/:employeeId/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Ledger history, newest first (self, team, admins)' })
  history(@CurrentActor() actor: Actor, @Param('employeeId', uuidPipe('employeeId')) employeeId: string, @Query() query: LedgerQueryDto) {
    return this.ledger.history(actor, employeeId, query);
  }

  @Get('verify')
  @Authenticated()
  @ApiOperation({ summary: 'Recompute the hash chain and report the first broken link' })
  verify(@CurrentActor() actor: Actor, @Param('employeeId', uuidPipe('employeeId')) employeeId: string) {
    return this.ledger.verify(actor, employeeId);
  }

  @Post()
  @Roles('supervisor', 'training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Record an assessment result or manual evidence; the same source twice yields one entry (200)' })
  async record(
    @CurrentActor() actor: Actor,
    @Param('employeeId', uuidPipe('employeeId')) employeeId: string,
    @Body() dto: RecordEntryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, entry } = await this.ledger.record(actor, employeeId, dto);
    res.status(created ? 201 : 200);
    return entry;
  }

  @Post(':entryId/revoke')
  @Roles('training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Revoke an entry with a reason (a new entry pointing at it)' })
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('employeeId', uuidPipe('employeeId')) employeeId: string,
    @Param('entryId', uuidPipe('entryId')) entryId: string,
    @Body() dto: RevokeEntryDto,
  ) {
    return (await this.ledger.revoke(actor, employeeId, entryId, dto)).entry;
  }

  @Post(':entryId/adjust')
  @Roles('training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Replace the level or validity of an entry (a new entry pointing at it)' })
  async adjust(
    @CurrentActor() actor: Actor,
    @Param('employeeId', uuidPipe('employeeId')) employeeId: string,
    @Param('entryId', uuidPipe('entryId')) entryId: string,
    @Body() dto: AdjustEntryDto,
  ) {
    return (await this.ledger.adjust(actor, employeeId, entryId, dto)).entry;
  }
}
