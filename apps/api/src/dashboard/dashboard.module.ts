import { Module } from '@nestjs/common';
import { ProfileModule } from '../profile/profile.module';
import { DashboardService } from './dashboard.service';
import { MeController } from './me.controller';
import { TeamProgressController } from './team-progress.controller';

@Module({ imports: [ProfileModule], controllers: [MeController, TeamProgressController], providers: [DashboardService], exports: [DashboardService] })
export class DashboardModule {}
