// The organisation context's public surface: other contexts import from here, never from its folders.
export * from './organisation.module';
export * from './employees/dto/employee.dto';
export * from './employees/employee-visibility';
export * from './employees/employee-visibility.service';
export type { EmployeeView } from './employees/employees.repository';
export * from './employees/employees.module';
export * from './employees/employees.service';
export * from './positions/dto/position.dto';
export * from './positions/positions.service';
export * from './tenants/tenants.service';
export * from './units/dto/unit.dto';
export * from './units/units.service';
