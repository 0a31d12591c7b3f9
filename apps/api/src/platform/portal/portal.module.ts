import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PortalErrorPages, PORTAL_ERROR_PAGES } from './portal-errors';
import { AccountController } from './account.controller';
import { PublicPagesController } from './public-pages.controller';
import { ViewService } from './rendering/view.service';

/**
 * The server-rendered web portal's shell: views, error pages, sign-in and the account page.
 * Each context declares its own pages (@PortalPages() controllers) in its module; they call
 * the same services as the JSON API, and every page is a @Portal() route (session cookie +
 * CSRF, checked by the access guard).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [PublicPagesController, AccountController],
  providers: [ViewService, PortalErrorPages, { provide: PORTAL_ERROR_PAGES, useExisting: PortalErrorPages }],
  exports: [ViewService, PORTAL_ERROR_PAGES],
})
export class PortalModule {}
