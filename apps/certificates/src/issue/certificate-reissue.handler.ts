import { Inject, Injectable } from '@nestjs/common';
import type { JobPayloads } from '@mahir/jobs';
import type { JobHandler } from '@mahir/runtime';
import { CertificateIssuer, type ReissueOutcome } from './certificate-issuer';

/** An admin asked for a certificate's file again: render it for the request's token (see CertificateIssuer.reissue). */
@Injectable()
export class CertificateReissueHandler implements JobHandler<'certificate.reissue'> {
  readonly job = 'certificate.reissue';

  constructor(@Inject(CertificateIssuer) private readonly issuer: CertificateIssuer) {}

  handle({ tenantId, certificateId, token }: JobPayloads['certificate.reissue']): Promise<ReissueOutcome> {
    return this.issuer.reissue({ tenantId, certificateId, token });
  }
}
