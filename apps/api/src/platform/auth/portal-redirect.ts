import { HttpException } from '@nestjs/common';

/** Sends the browser elsewhere (303 See Other): a portal page without a session goes to the login form. */
export class PortalRedirect extends HttpException {
  constructor(readonly location: string) {
    super('redirect', 303);
  }
}
