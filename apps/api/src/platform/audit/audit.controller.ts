import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mahir/runtime';
import { CurrentActor, tenantOf, type Actor } from '../auth/actor';
import { pageOf, PageQueryDto } from '../pagination/page-query.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Admin actions in this agency, newest first' })
  async list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    const [items, total] = await this.audit.page({ tenantId: tenantOf(actor), actionPrefix: query.q, page: query.page, pageSize: query.pageSize });
    return pageOf(items, total, query);
  }
}
