import { CertificatesModule } from '../../certificates/certificates.module';
import { CompetenciesModule } from '../../competencies/competencies.module';
import { CoursesModule } from '../../courses/courses.module';
import { EmployeesModule } from '../../employees/employees.module';
import { EnrollmentsModule } from '../../enrollments/enrollments.module';
import { PositionsModule } from '../../positions/positions.module';
import { UnitsModule } from '../../units/units.module';
import { AuthoringController } from './authoring.controller';
import { CourseReleaseController } from './course-release.controller';

/** The authoring pages of training admins (course list, editor, publishing, versions, assigning). */
export const AUTHORING_CONTROLLERS = [AuthoringController, CourseReleaseController];

/** The feature modules whose services the authoring pages call. */
export const AUTHORING_IMPORTS = [CoursesModule, CompetenciesModule, EnrollmentsModule, UnitsModule, PositionsModule, CertificatesModule, EmployeesModule];
