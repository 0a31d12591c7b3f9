import { EmployeesModule } from '../../employees/employees.module';
import { PositionsModule } from '../../positions/positions.module';
import { UnitsModule } from '../../units/units.module';
import { UsersModule } from '../../users/users.module';
import { OrgPeopleController } from './org-people.controller';
import { OrgStructureController } from './org-structure.controller';

/** The tenant admin's organisation pages and the modules whose services they call. */
export const ORG_CONTROLLERS = [OrgStructureController, OrgPeopleController];
export const ORG_IMPORTS = [UnitsModule, PositionsModule, EmployeesModule, UsersModule];
