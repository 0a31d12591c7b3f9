import { CatalogModule } from '../../catalog/catalog.module';
import { CompetenciesModule } from '../../competencies/competencies.module';
import { DashboardModule } from '../../dashboard/dashboard.module';
import { EnrollmentsModule } from '../../enrollments/enrollments.module';
import { LedgerModule } from '../../ledger/ledger.module';
import { ReportsModule } from '../../reports/reports.module';
import { TenantsModule } from '../../tenants/tenants.module';
import { TeamPagesController } from './team-pages.controller';

/** The supervisor's pages and the modules whose services they call. */
export const TEAM_CONTROLLERS = [TeamPagesController];
export const TEAM_IMPORTS = [DashboardModule, ReportsModule, EnrollmentsModule, CatalogModule, LedgerModule, CompetenciesModule, TenantsModule];
