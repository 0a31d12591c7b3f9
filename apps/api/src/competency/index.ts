// The competency context's public surface: other contexts import from here, never from its folders.
export * from './competency.module';
export * from './framework/competencies.service';
export * from './framework/dto/competency.dto';
export * from './ledger/dto/ledger.dto';
export * from './ledger/evidence-type';
export * from './ledger/ledger.service';
export * from './profile/profile.module';
export * from './profile/profile.service';
export * from './reports/reports.service';
