import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { COMPETENCY_TYPES, type CompetencyLevel, type CompetencyType } from '@mahir/competency';
import { PageQueryDto } from '../../../platform';
import { unlessAbsent } from '../../../platform';
import { CODE_PATTERN } from '../../../organisation';

/** Limits shared by the JSON routes and the CSV import, mirroring the database checks. */
export const COMPETENCY_LIMITS = { name: 200, description: 4000, levelDescription: 2000, indicator: 500, indicators: 10 } as const;
/** Indicators travel in one CSV cell joined by " | ", so an indicator cannot hold the separator itself. */
export const NO_PIPE = /^[^|]*$/;

/** Texts are stored trimmed, as the CSV import reads them, so export → import finds nothing changed. */
const trimmed = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);
const Trimmed = () => Transform(({ value }: { value: unknown }) => trimmed(value));
const TrimmedEach = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(trimmed) : value));
/**
 * Levels that are not a list are answered as `isArray`. Left as they are, nested validation
 * would report a string as "nestedValidation" and an object by its missing fields; an empty
 * Set fails @IsArray and gives nested validation nothing to look into.
 */
const ListOrNothing = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) || value === undefined || value === null ? value : new Set()));

export class CompetencyLevelDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 1 })
  @IsInt()
  @Min(1)
  @Max(5)
  level!: CompetencyLevel;

  @ApiProperty({ example: 'Memahami konsep dasar analisis kebijakan publik.' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(COMPETENCY_LIMITS.levelDescription)
  description!: string;

  @ApiPropertyOptional({ type: [String], maxItems: COMPETENCY_LIMITS.indicators, description: 'Behaviour indicators; none by default' })
  @IsOptional()
  @TrimmedEach()
  @IsArray()
  @ArrayMaxSize(COMPETENCY_LIMITS.indicators)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(COMPETENCY_LIMITS.indicator, { each: true })
  @Matches(NO_PIPE, { each: true, context: { rule: 'noPipe' } })
  indicators?: string[];
}

export class CreateCompetencyDto {
  @ApiProperty({ example: 'TK.ANKEB' })
  @IsString()
  @Matches(CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: 'Analisis Kebijakan' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(COMPETENCY_LIMITS.name)
  name!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(COMPETENCY_LIMITS.description)
  description?: string;

  @ApiProperty({ type: [CompetencyLevelDto], minItems: 1, maxItems: 5, description: 'Levels 1–5, each at most once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => CompetencyLevelDto)
  @ListOrNothing()
  levels!: CompetencyLevelDto[];
}

export class UpdateCompetencyDto {
  @ApiProperty({ minimum: 1, description: 'The revision you read; a different current revision answers 409 and changes nothing' })
  @IsInt()
  @Min(1)
  revision!: number;

  @ApiPropertyOptional()
  @unlessAbsent
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(COMPETENCY_LIMITS.name)
  name?: string;

  @ApiPropertyOptional()
  @unlessAbsent
  @Trimmed()
  @IsString()
  @MaxLength(COMPETENCY_LIMITS.description)
  description?: string;

  @ApiPropertyOptional({ type: [CompetencyLevelDto], minItems: 1, maxItems: 5, description: 'Replaces the whole set of levels' })
  @unlessAbsent
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => CompetencyLevelDto)
  @ListOrNothing()
  levels?: CompetencyLevelDto[];
}

export class CompetencyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COMPETENCY_TYPES })
  @IsOptional()
  @IsIn(COMPETENCY_TYPES)
  type?: CompetencyType;

  @ApiPropertyOptional({ default: false, description: 'Include retired competencies' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRetired = false;
}
