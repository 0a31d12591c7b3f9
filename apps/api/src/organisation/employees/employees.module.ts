import { Module } from '@nestjs/common';
import { EmployeeVisibility } from './employee-visibility';
import { EmployeesImportService } from './employees-import.service';
import { EmployeesController } from './employees.controller';
import { EmployeesService } from './employees.service';

@Module({
  controllers: [EmployeesController],
  providers: [EmployeesService, EmployeesImportService, EmployeeVisibility],
  exports: [EmployeeVisibility, EmployeesService, EmployeesImportService],
})
export class EmployeesModule {}
