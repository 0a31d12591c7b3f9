import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { ProfileModule } from '../../competency';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';
import { MeController } from './me.controller';
import { TeamProgressController } from './team-progress.controller';

@Module({ imports: [ProfileModule, DeliveryModule], controllers: [MeController, TeamProgressController], providers: [DashboardService, DashboardRepository], exports: [DashboardService] })
export class DashboardModule {}
