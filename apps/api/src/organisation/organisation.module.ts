import { Module } from '@nestjs/common';
import { EmployeesModule } from './employees/employees.module';
import { OrgPeopleController } from './pages/org-people.controller';
import { OrgStructureController } from './pages/org-structure.controller';
import { PositionsModule } from './positions/positions.module';
import { TenantsModule } from './tenants/tenants.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';

const FEATURES = [TenantsModule, UnitsModule, PositionsModule, EmployeesModule, UsersModule];

/** Organisation: the agency, its units, positions, employees and logins, with the tenant admin's pages. */
@Module({ imports: FEATURES, controllers: [OrgStructureController, OrgPeopleController], exports: FEATURES })
export class OrganisationModule {}
