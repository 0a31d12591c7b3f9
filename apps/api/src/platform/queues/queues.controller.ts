import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../auth/actor';
import { PageQueryDto } from '../pagination/page-query.dto';
import { uuidPipe } from '../problem/uuid.pipe';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @Roles('training_admin', 'tenant_admin')
  @ApiOperation({ summary: 'Waiting, active, delayed, failed and completed jobs per queue (queues are shared by all agencies)' })
  counts() {
    return this.queues.counts();
  }

  @Get(':name/failed')
  @Roles('training_admin', 'tenant_admin')
  @ApiOperation({ summary: "Failed jobs of a queue: a super admin sees all, an agency's admins those of their agency" })
  failed(@CurrentActor() actor: Actor, @Param('name') name: string, @Query() query: PageQueryDto) {
    return this.queues.failed(actor, name, query);
  }

  @Post('jobs/:jobId/retry')
  @HttpCode(200)
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Retry a failed job (audited)' })
  retry(@CurrentActor() actor: Actor, @Param('jobId', uuidPipe('jobId')) jobId: string) {
    return this.queues.retry(actor, jobId);
  }

  @Delete('jobs/:jobId')
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Discard a failed job (audited)' })
  discard(@CurrentActor() actor: Actor, @Param('jobId', uuidPipe('jobId')) jobId: string) {
    return this.queues.discard(actor, jobId);
  }
}
