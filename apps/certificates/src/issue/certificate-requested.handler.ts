import { Inject, Injectable } from '@nestjs/common';
import type { JobPayloads } from '@mahir/jobs';
import type { JobHandler } from '@mahir/runtime';
import { CertificateIssuer, type IssueOutcome } from './certificate-issuer';

/** An enrollment completed: issue its certificate, exactly once (see CertificateIssuer.issue). */
@Injectable()
export class CertificateRequestedHandler implements JobHandler<'certificate.requested'> {
  readonly job = 'certificate.requested';

  constructor(@Inject(CertificateIssuer) private readonly issuer: CertificateIssuer) {}

  handle({ tenantId, enrollmentId }: JobPayloads['certificate.requested']): Promise<IssueOutcome> {
    return this.issuer.issue({ tenantId, enrollmentId });
  }
}
