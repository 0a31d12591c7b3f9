import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { IsInstant } from '../../../platform';
import { IMPORT_MODES, type ImportMode } from '../../../platform';

export const ASSIGNMENT_TARGET_KINDS = ['employees', 'unit', 'position'] as const;
export type AssignmentTargetKind = (typeof ASSIGNMENT_TARGET_KINDS)[number];
/** The most employees one list may name; the JSON body limit may cap it lower (use the CSV route or a unit then). */
export const MAX_ASSIGNED_EMPLOYEES = 50_000;

/** Who is assigned: chosen employees, a unit (with or without its sub-units) or everyone in a position. */
export class AssignmentTargetDto {
  @ApiProperty({ enum: ASSIGNMENT_TARGET_KINDS })
  @IsIn(ASSIGNMENT_TARGET_KINDS)
  kind!: AssignmentTargetKind;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_ASSIGNED_EMPLOYEES, description: 'kind employees' })
  @ValidateIf((t: AssignmentTargetDto) => t.kind === 'employees' || t.employeeIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ASSIGNED_EMPLOYEES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  employeeIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'kind unit' })
  @ValidateIf((t: AssignmentTargetDto) => t.kind === 'unit' || t.unitId !== undefined)
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ default: false, description: 'kind unit: the whole subtree under the unit' })
  @IsOptional()
  @IsBoolean()
  includeSubUnits?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'kind position' })
  @ValidateIf((t: AssignmentTargetDto) => t.kind === 'position' || t.positionId !== undefined)
  @IsUUID()
  positionId?: string;
}

export class CreateAssignmentDto {
  @ApiProperty({ type: AssignmentTargetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AssignmentTargetDto)
  target!: AssignmentTargetDto;

  @ApiPropertyOptional({ default: false, description: 'Mandatory enrollments cannot be withdrawn by the learner' })
  @IsOptional()
  @IsBoolean()
  mandatory?: boolean;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:00+07:00', description: 'A fixed due date (instant with zone, in the future); or dueInDays' })
  @IsOptional()
  @IsInstant()
  dueAt?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, description: 'Due this many days after the assignment; or dueAt' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  dueInDays?: number;
}

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The query of the CSV assignment: the body is the file, so the settings travel here. */
export class AssignmentCsvQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_MODES, default: 'valid-only', description: 'valid-only assigns the valid rows and reports the others; all-or-nothing assigns nothing when a row is invalid' })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode: ImportMode = 'valid-only';

  @ApiPropertyOptional({ default: false, description: 'Check and report, assign nothing' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  dryRun = false;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  mandatory = false;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:00+07:00' })
  @IsOptional()
  @IsInstant()
  dueAt?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  dueInDays?: number;
}
