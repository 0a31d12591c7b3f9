import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { CreateUnitDto, UnitQueryDto, UpdateUnitDto } from './dto/unit.dto';
import { UnitsService } from './units.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Units of the agency, paginated and searchable' })
  list(@CurrentActor() actor: Actor, @Query() query: UnitQueryDto) {
    return this.units.list(actor, query);
  }

  @Get('tree')
  @Authenticated()
  @ApiOperation({ summary: 'The unit tree of the agency' })
  tree(@CurrentActor() actor: Actor) {
    return this.units.tree(actor);
  }

  @Get(':id')
  @Authenticated()
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.units.get(actor, id);
  }

  @Post()
  @Roles('tenant_admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  @Roles('tenant_admin')
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: UpdateUnitDto) {
    return this.units.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('tenant_admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a unit that has no sub-units and never had employees' })
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.units.remove(actor, id);
  }
}
