import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JpCreditRecord, LedgerEntry } from '@mahir/persistence';
import { EmployeesModule } from '../../organisation';
import { StandardsModule } from '../standards/standards.module';
import { ProfileController } from './profile.controller';
import { ProfileRepository } from './profile.repository';
import { ProfileService } from './profile.service';

@Module({
  imports: [EmployeesModule, StandardsModule, TypeOrmModule.forFeature([LedgerEntry, JpCreditRecord])],
  controllers: [ProfileController],
  providers: [ProfileService, ProfileRepository],
  exports: [ProfileService],
})
export class ProfileModule {}
