import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { RUBRIC_LIMITS } from '@mahir/course';
import { PageQueryDto } from '../../../platform';

export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only items of this course' })
  @IsOptional()
  @IsUUID()
  courseId?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 8760, description: 'Only items waiting at least this many hours' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(8760)
  minAgeHours?: number;
}

export class RubricSelectionDto {
  @ApiProperty({ example: 'isi' })
  @IsString()
  @MaxLength(RUBRIC_LIMITS.idLength)
  criterionId!: string;

  @ApiProperty({ example: 'baik' })
  @IsString()
  @MaxLength(RUBRIC_LIMITS.idLength)
  levelId!: string;
}

export class GradeItemDto {
  @ApiProperty({ minimum: 0, description: 'The revision read (0 before the first grade); another current revision answers 409' })
  @IsInt()
  @Min(0)
  revision!: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Points, at most the question’s; or send `rubric` instead' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  points?: number;

  @ApiPropertyOptional({ type: [RubricSelectionDto], description: 'One level per criterion of the question’s rubric; the grade is their sum' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RUBRIC_LIMITS.criteria)
  @ValidateNested({ each: true })
  @Type(() => RubricSelectionDto)
  rubric?: RubricSelectionDto[];

  @ApiPropertyOptional({ maxLength: 5000, description: 'Shown to the learner with the grade' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  feedback?: string;
}

export class RubricLevelDto {
  @ApiProperty({ example: 'baik' })
  @IsString()
  @MaxLength(RUBRIC_LIMITS.idLength)
  id!: string;

  @ApiProperty({ example: 'Baik' })
  @IsString()
  @MaxLength(RUBRIC_LIMITS.titleLength)
  title!: string;

  @ApiProperty({ minimum: 0, example: 2 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  points!: number;
}

export class RubricCriterionDto {
  @ApiProperty({ example: 'isi' })
  @IsString()
  @MaxLength(RUBRIC_LIMITS.idLength)
  id!: string;

  @ApiProperty({ example: 'Isi jawaban' })
  @IsString()
  @MaxLength(RUBRIC_LIMITS.titleLength)
  title!: string;

  @ApiProperty({ type: [RubricLevelDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RUBRIC_LIMITS.levels)
  @ValidateNested({ each: true })
  @Type(() => RubricLevelDto)
  levels!: RubricLevelDto[];
}

export class PutRubricDto {
  @ApiProperty({ type: [RubricCriterionDto], description: 'Criteria × levels; the best levels together may not exceed the question’s points' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RUBRIC_LIMITS.criteria)
  @ValidateNested({ each: true })
  @Type(() => RubricCriterionDto)
  criteria!: RubricCriterionDto[];
}
