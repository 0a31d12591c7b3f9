import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { TokenService } from './token.service';
import { PortalSessions } from './portal-sessions';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, TokenService, PortalSessions, LoginRateLimiter, AuditService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuditService, TokenService, AuthService, PortalSessions],
})
export class AuthModule {}
