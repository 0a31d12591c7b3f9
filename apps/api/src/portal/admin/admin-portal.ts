import { CertificatesModule } from '../../certificates/certificates.module';
import { GradingModule } from '../../grading/grading.module';
import { QueuesModule } from '../../queues/queues.module';
import { ReportsModule } from '../../reports/reports.module';
import { UnitsModule } from '../../units/units.module';
import { CertificateTemplatePagesController } from './certificate-template-pages.controller';
import { GradingPagesController } from './grading-pages.controller';
import { QueuePagesController } from './queue-pages.controller';
import { ReportPagesController } from './report-pages.controller';

/** The admin area's pages (grading, certificate templates, reports, queues) and the modules whose services they call. */
export const ADMIN_CONTROLLERS = [GradingPagesController, CertificateTemplatePagesController, ReportPagesController, QueuePagesController];
export const ADMIN_IMPORTS = [GradingModule, CertificatesModule, ReportsModule, QueuesModule, UnitsModule];
