import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tenant } from '@mahir/persistence';
import type { Actor } from '../../platform';
import { tenantOf } from '../../platform';
import { AuditService } from '../../platform';
import { pageOf, type PageQueryDto } from '../../platform';
import { Problem } from '../../platform';
import type { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto';
import { TenantsRepository } from './tenants.repository';

@Injectable()
export class TenantsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: TenantsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: PageQueryDto) {
    const [items, total] = await this.repo.page(query);
    return pageOf(items, total, query);
  }

  async create(actor: Actor, dto: CreateTenantDto): Promise<Tenant> {
    return this.db.transaction(async (tx) => {
      const tenant = await this.repo.insertIfCodeFree({ code: dto.code, name: dto.name, shortName: dto.shortName ?? null, timeZone: dto.timeZone }, tx);
      if (!tenant) throw Problem.conflict('tenant.codeTaken', { code: dto.code }, 'code');
      await this.audit.record(tx, { tenantId: tenant.id, userId: actor.userId }, 'tenant.created', 'tenant', tenant.id, { ...dto });
      return tenant;
    });
  }

  async current(actor: Actor): Promise<Tenant> {
    const tenant = await this.repo.byId(tenantOf(actor));
    if (!tenant) throw Problem.notFound('tenant.notFound');
    return tenant;
  }

  async update(actor: Actor, dto: UpdateTenantDto): Promise<Tenant> {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const tenant = await this.repo.byId(tenantId, tx);
      if (!tenant) throw Problem.notFound('tenant.notFound');
      if (dto.code && dto.code !== tenant.code) {
        if (await this.repo.codeTaken(dto.code, tx)) throw Problem.conflict('tenant.codeTaken', { code: dto.code }, 'code');
      }
      // A DTO instance carries every declared field, undefined when not sent: apply only what was sent.
      Object.assign(tenant, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await this.repo.save(tenant, tx);
      await this.audit.record(tx, actor, 'tenant.updated', 'tenant', tenantId, { ...dto });
      return tenant;
    });
  }
}
