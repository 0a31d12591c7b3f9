import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { AcceptPriorLearningDto, PriorLearningQueryDto, RejectPriorLearningDto, SubmitPriorLearningDto } from './dto/prior-learning.dto';
import { PriorLearningService } from './prior-learning.service';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('prior-learning')
export class PriorLearningController {
  constructor(private readonly priorLearning: PriorLearningService) {}

  @Post()
  @Authenticated()
  @ApiOperation({ summary: 'Submit evidence of prior learning for myself, for my supervisor to accept or reject' })
  submit(@CurrentActor() actor: Actor, @Body() dto: SubmitPriorLearningDto) {
    return this.priorLearning.submit(actor, dto);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Submissions: my own; a supervisor’s team; the whole agency for admins. Newest first' })
  list(@CurrentActor() actor: Actor, @Query() query: PriorLearningQueryDto) {
    return this.priorLearning.list(actor, query);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('supervisor', 'training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Accept a submission: records it in the ledger (source prior_learning) in the same transaction' })
  accept(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: AcceptPriorLearningDto) {
    return this.priorLearning.accept(actor, id, dto.note);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('supervisor', 'training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Reject a submission with a note' })
  reject(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: RejectPriorLearningDto) {
    return this.priorLearning.reject(actor, id, dto.note);
  }
}
