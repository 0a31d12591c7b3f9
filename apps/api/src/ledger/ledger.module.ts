import { Module } from '@nestjs/common';
import { EmployeesModule } from '../employees/employees.module';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

@Module({ imports: [EmployeesModule], controllers: [LedgerController], providers: [LedgerService] })
export class LedgerModule {}
