import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Tenant } from '@mahir/persistence';
import type { Actor } from '../../platform';
import { tenantOf } from '../../platform';
import { AuditService } from '../../platform';
import { likePattern, pageOf, type PageQueryDto } from '../../platform';
import { Problem } from '../../platform';
import type { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto';

@Injectable()
export class TenantsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: PageQueryDto) {
    const qb = this.db.getRepository(Tenant).createQueryBuilder('t').orderBy('t.name').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    if (query.q) qb.where('(lower(t.name) LIKE :q OR lower(t.code) LIKE :q)', { q: likePattern(query.q) });
    const [items, total] = await qb.getManyAndCount();
    return pageOf(items, total, query);
  }

  async create(actor: Actor, dto: CreateTenantDto): Promise<Tenant> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO tenant (code, name, short_name, time_zone) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING id`,
        [dto.code, dto.name, dto.shortName ?? null, dto.timeZone],
      );
      if (!row) throw Problem.conflict('tenant.codeTaken', { code: dto.code }, 'code');
      await this.audit.record(tx, { tenantId: row.id, userId: actor.userId }, 'tenant.created', 'tenant', row.id, { ...dto });
      return tx.getRepository(Tenant).findOneByOrFail({ id: row.id });
    });
  }

  async current(actor: Actor): Promise<Tenant> {
    const tenant = await this.db.getRepository(Tenant).findOneBy({ id: tenantOf(actor) });
    if (!tenant) throw Problem.notFound('tenant.notFound');
    return tenant;
  }

  async update(actor: Actor, dto: UpdateTenantDto): Promise<Tenant> {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Tenant);
      const tenant = await repo.findOneBy({ id: tenantId });
      if (!tenant) throw Problem.notFound('tenant.notFound');
      if (dto.code && dto.code !== tenant.code) {
        if (await repo.existsBy({ code: dto.code })) throw Problem.conflict('tenant.codeTaken', { code: dto.code }, 'code');
      }
      // A DTO instance carries every declared field, undefined when not sent: apply only what was sent.
      Object.assign(tenant, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await repo.save(tenant);
      await this.audit.record(tx, actor, 'tenant.updated', 'tenant', tenantId, { ...dto });
      return tenant;
    });
  }
}
