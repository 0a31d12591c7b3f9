import { Injectable } from '@nestjs/common';
import { recommendCourses, type CompetencyLevel, type CourseOffer } from '@mahir/competency';
import { translate, type Locale } from '@mahir/i18n';
import type { Actor } from '../../platform';
import { EmployeeVisibility } from '../../organisation';
import { ProfileService } from '../../competency';
import { CatalogRepository } from './catalog.repository';
import { CatalogService, jpOf } from './catalog.service';

/**
 * The smallest set of catalog courses that closes an employee's gaps, ranked, each with the
 * reasons in words, and the gaps no course in the catalog closes.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly visibility: EmployeeVisibility,
    private readonly profiles: ProfileService,
    private readonly catalog: CatalogService,
  ) {}

  async forEmployee(actor: Actor, employeeId: string, locale: Locale) {
    const employee = await this.visibility.require(actor, employeeId);
    const { gap } = await this.profiles.employeeGap(employee);
    const open = gap.items.filter((g) => g.shortfall > 0);
    // Courses the employee is already enrolled in (or has completed) are not left out yet:
    // enrollments come with the delivery issue, and this is where they will be excluded.
    const rows = await this.catalog.offersFor(employee.tenantId, open.map((g) => g.competencyId));
    const offers: CourseOffer[] = rows.map((r) => ({
      courseId: r.courseId,
      title: r.title,
      jpMinutes: r.jpMinutes,
      grants: r.competencies.map((c) => ({ competencyId: c.competencyId, level: c.level })),
    }));
    const result = recommendCourses(gap, offers);
    const names = await this.competencies(open.map((g) => g.competencyId));
    const name = (id: string) => names.get(id)?.name ?? id;
    const versionOf = new Map(rows.map((r) => [r.courseId, r.version]));
    const heldOf = new Map(open.map((g) => [g.competencyId, g]));

    return {
      employeeId: employee.id,
      matchScore: gap.matchScore,
      totalShortfall: gap.totalShortfall,
      totalJp: jpOf(result.totalJpMinutes),
      courses: result.courses.map((c) => ({
        rank: c.rank,
        courseId: c.courseId,
        version: versionOf.get(c.courseId),
        title: c.title,
        jp: jpOf(c.jpMinutes),
        reasons: c.closes.map((x) => ({
          competency: names.get(x.competencyId) ?? { competencyId: x.competencyId },
          from: x.from,
          to: x.to,
          required: x.required,
          message: translate(x.from === 0 ? 'recommendation.grants' : 'recommendation.raises', locale, {
            competency: name(x.competencyId), from: x.from, to: x.to, required: x.required,
          }),
        })),
      })),
      uncovered: result.uncovered.map((id) => {
        const item = heldOf.get(id) as { held: 0 | CompetencyLevel; required: CompetencyLevel };
        return {
          ...(names.get(id) ?? { competencyId: id }),
          held: item.held,
          required: item.required,
          message: translate('recommendation.uncovered', locale, { competency: name(id), required: item.required, held: item.held }),
        };
      }),
    };
  }

  private async competencies(ids: string[]) {
    const rows = ids.length ? await this.repository.competencyNames(ids) : [];
    return new Map(rows.map((r) => [r.competencyId, r]));
  }
}
