import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { COMPETENCY_TYPES, type CompetencyType } from '@mahir/competency';
import { COURSE_LANGUAGES, type CourseLanguage } from '@mahir/course';
import { PageQueryDto } from '../../../platform';

export const CATALOG_SORTS = ['relevance', 'newest', 'title'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

/** `q` (inherited): words in Bahasa Indonesia or English, websearch style ("frasa", -kata, or); the last word also matches as a prefix. */
export class CatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Courses that grant this competency' })
  @IsOptional()
  @IsUUID()
  competencyId?: string;

  @ApiPropertyOptional({ enum: COMPETENCY_TYPES, description: 'Courses that grant a competency of this type' })
  @IsOptional()
  @IsIn(COMPETENCY_TYPES)
  type?: CompetencyType;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Courses that grant at least this level (of the competency or type above, if given)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  level?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'At least this many JP (1 JP = 45 minutes)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  minJp?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'At most this many JP' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  maxJp?: number;

  @ApiPropertyOptional({ enum: COURSE_LANGUAGES })
  @IsOptional()
  @IsIn(COURSE_LANGUAGES)
  language?: CourseLanguage;

  @ApiPropertyOptional({ enum: CATALOG_SORTS, description: 'relevance (the default with q), newest (the default without), title' })
  @IsOptional()
  @IsIn(CATALOG_SORTS)
  sort?: CatalogSort;
}
