import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AccountsRepository } from './accounts.repository';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { TokenService } from './token.service';
import { PortalSessions } from './portal-sessions';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, TokenService, PortalSessions, LoginRateLimiter, AccountsRepository, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [TokenService, AuthService, PortalSessions],
})
export class AuthModule {}
