import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditLog } from '@mahir/persistence';
import { Roles } from '@mahir/runtime';
import { CurrentActor, tenantOf, type Actor } from '../auth/actor';
import { pageOf, PageQueryDto } from '../pagination/page-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  @Get()
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Admin actions in this agency, newest first' })
  async list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    const qb = this.db
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where('a.tenant_id = :t', { t: tenantOf(actor) })
      .orderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.q) qb.andWhere('a.action LIKE :q', { q: `${query.q.replace(/[\\%_]/g, '')}%` });
    const [items, total] = await qb.getManyAndCount();
    return pageOf(items, total, query);
  }
}
