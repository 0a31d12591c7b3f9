import { Module } from '@nestjs/common';
import { EmployeesModule } from '../../organisation';
import { StandardsModule } from '../standards/standards.module';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';

@Module({ imports: [EmployeesModule, StandardsModule], controllers: [ProfileController], providers: [ProfileService], exports: [ProfileService] })
export class ProfileModule {}
