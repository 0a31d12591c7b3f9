import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { CreatePositionDto, PositionQueryDto, UpdatePositionDto } from './dto/position.dto';
import { PositionsService } from './positions.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('positions')
export class PositionsController {
  constructor(private readonly positions: PositionsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Positions (jabatan) of the agency' })
  list(@CurrentActor() actor: Actor, @Query() query: PositionQueryDto) {
    return this.positions.list(actor, query);
  }

  @Get(':id')
  @Authenticated()
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.positions.get(actor, id);
  }

  @Post()
  @Roles('tenant_admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePositionDto) {
    return this.positions.create(actor, dto);
  }

  @Patch(':id')
  @Roles('tenant_admin')
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: UpdatePositionDto) {
    return this.positions.update(actor, id, dto);
  }
}
