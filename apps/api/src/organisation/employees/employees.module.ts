import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Employee, EmployeePlacement, Position, Tenant, Unit } from '@mahir/persistence';
import { EmployeeVisibility } from './employee-visibility.service';
import { EmployeesImportRepository } from './employees-import.repository';
import { EmployeesImportService } from './employees-import.service';
import { EmployeesController } from './employees.controller';
import { EmployeesRepository } from './employees.repository';
import { EmployeesService } from './employees.service';

@Module({
  imports: [TypeOrmModule.forFeature([Employee, EmployeePlacement, Unit, Position, Tenant])],
  controllers: [EmployeesController],
  providers: [EmployeesService, EmployeesImportService, EmployeeVisibility, EmployeesRepository, EmployeesImportRepository],
  exports: [EmployeeVisibility, EmployeesService, EmployeesImportService],
})
export class EmployeesModule {}
