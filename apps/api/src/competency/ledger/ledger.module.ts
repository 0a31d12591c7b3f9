import { Module } from '@nestjs/common';
import { EmployeesModule } from '../../organisation';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

@Module({
  imports: [EmployeesModule],
  controllers: [LedgerController, EvidenceController],
  providers: [LedgerService, EvidenceService],
  exports: [LedgerService],
})
export class LedgerModule {}
