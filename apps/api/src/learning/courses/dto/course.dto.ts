import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../platform';

export class CreateCourseDto {
  @ApiProperty({ example: 'Pelayanan Publik Prima' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;
}

export class SaveDraftDto {
  @ApiProperty({ description: 'The draft revision you read; another revision answers 409 and nothing is saved' })
  @IsInt()
  @Min(1)
  revision!: number;

  @ApiProperty({ description: 'The whole course document (see the API guide)', type: 'object', additionalProperties: true })
  @IsObject()
  document!: Record<string, unknown>;
}

export const COURSE_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

export class CourseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COURSE_STATUSES })
  @IsOptional()
  @IsIn(COURSE_STATUSES)
  status?: CourseStatus;
}

/** Versions to compare; 0 is the open draft. */
export class DiffQueryDto {
  @ApiProperty({ minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  from!: number;

  @ApiProperty({ minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  to!: number;
}
