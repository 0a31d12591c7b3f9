import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Tenant } from '@mahir/persistence';
import { likePattern, type PageQueryDto } from '../../platform';

/** The agencies: a page of them for the super admin, and the writes of one. */
@Injectable()
export class TenantsRepository {
  constructor(@InjectRepository(Tenant) private readonly tenants: Repository<Tenant>) {}

  page(query: PageQueryDto): Promise<[Tenant[], number]> {
    const qb = this.tenants.createQueryBuilder('t').orderBy('t.name').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    if (query.q) qb.where('(lower(t.name) LIKE :q OR lower(t.code) LIKE :q)', { q: likePattern(query.q) });
    return qb.getManyAndCount();
  }

  byId(id: string, manager: EntityManager = this.tenants.manager): Promise<Tenant | null> {
    return manager.getRepository(Tenant).findOneBy({ id });
  }

  codeTaken(code: string, manager: EntityManager = this.tenants.manager): Promise<boolean> {
    return manager.getRepository(Tenant).existsBy({ code });
  }

  /** Inserts unless the code is taken (ON CONFLICT DO NOTHING: the only other key is the generated id); null when taken. */
  async insertIfCodeFree(values: Pick<Tenant, 'code' | 'name' | 'shortName' | 'timeZone'>, manager: EntityManager = this.tenants.manager): Promise<Tenant | null> {
    const repo = manager.getRepository(Tenant);
    const tenant = repo.create(values);
    // On a conflict no row comes back, and the entity gets no id.
    await repo.createQueryBuilder().insert().values(tenant).orIgnore().execute();
    return tenant.id ? repo.findOneByOrFail({ id: tenant.id }) : null;
  }

  save(tenant: Tenant, manager: EntityManager = this.tenants.manager): Promise<Tenant> {
    return manager.getRepository(Tenant).save(tenant);
  }
}
