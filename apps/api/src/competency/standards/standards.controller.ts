import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { SetStandardDto } from './dto/standard.dto';
import { StandardsService } from './standards.service';

@ApiTags('competencies')
@ApiBearerAuth()
@Controller('positions/:positionId/standard')
export class StandardsController {
  constructor(private readonly standards: StandardsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The competency standard of a position: explicit levels and class defaults' })
  get(@CurrentActor() actor: Actor, @Param('positionId', uuidPipe('positionId')) positionId: string) {
    return this.standards.get(actor, positionId);
  }

  @Put()
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Replace the explicit levels of a position' })
  set(@CurrentActor() actor: Actor, @Param('positionId', uuidPipe('positionId')) positionId: string, @Body() dto: SetStandardDto) {
    return this.standards.set(actor, positionId, dto.items);
  }
}
