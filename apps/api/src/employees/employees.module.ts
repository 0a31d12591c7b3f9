import { Module } from '@nestjs/common';
import { EmployeesImportService } from './employees-import.service';
import { EmployeesController } from './employees.controller';
import { EmployeesService } from './employees.service';

@Module({ controllers: [EmployeesController], providers: [EmployeesService, EmployeesImportService] })
export class EmployeesModule {}
