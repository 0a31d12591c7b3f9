import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerEntry } from '@mahir/persistence';
import { EmployeesModule } from '../../organisation';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

@Module({
  imports: [EmployeesModule, TypeOrmModule.forFeature([LedgerEntry])],
  controllers: [LedgerController, EvidenceController],
  providers: [LedgerService, EvidenceService, LedgerRepository],
  exports: [LedgerService],
})
export class LedgerModule {}
