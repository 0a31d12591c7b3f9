import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { PortalModule } from './portal/portal.module';
import { QueuePagesController } from './queues/queue-pages.controller';
import { QueuesModule } from './queues/queues.module';

const FEATURES = [AuthModule, AuditModule, QueuesModule, PortalModule];

/** Platform: sign-in and access, the audit log, queue health and the portal's shell. */
@Module({ imports: FEATURES, controllers: [QueuePagesController], exports: FEATURES })
export class PlatformModule {}
