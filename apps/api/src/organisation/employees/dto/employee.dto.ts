import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf,
  isISO8601, registerDecorator, type ValidationOptions,
} from 'class-validator';
import { EMPLOYEE_STATUSES, parseNip, type EmployeeStatus } from '@mahir/competency';
import { PageQueryDto } from '../../../platform';
import { unlessAbsent } from '../../../platform';

/** Validates a NIP and reports the exact part that is wrong (nip.birthDate, nip.sex, …). */
export function IsNip(options?: ValidationOptions) {
  return (object: object, propertyName: string) => {
    for (const rule of ['nip.format', 'nip.birthDate', 'nip.startDate', 'nip.sex', 'nip.sequence'] as const) {
      registerDecorator({
        name: rule,
        target: object.constructor,
        propertyName,
        options,
        validator: {
          validate: (value: unknown) => {
            const result = parseNip(value);
            return result.valid || result.rule !== rule;
          },
        },
      });
    }
  };
}

/** A calendar date YYYY-MM-DD, without time or zone: placements are dated in the agency's zone. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateString',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isISO8601(value, { strict: true }),
      },
    });
}

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateEmployeeDto {
  @ApiProperty({ example: '198503152010011001', description: '18 digits: birth date, service start, sex, sequence' })
  @IsNip()
  nip!: string;

  @ApiProperty({ example: 'Siti Aminah, S.Kom.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  @ApiProperty({ example: 'siti.aminah@ambon.go.id' })
  @Transform(lower)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  positionId!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  supervisorId?: string | null;

  @ApiPropertyOptional({ description: 'First day in this placement (YYYY-MM-DD); today in the agency zone by default' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;
}

export class UpdateEmployeeDto {
  @ApiPropertyOptional()
  @unlessAbsent
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional()
  @unlessAbsent
  @Transform(lower)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null removes the supervisor' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID()
  supervisorId?: string | null;

  @ApiPropertyOptional({ enum: EMPLOYEE_STATUSES })
  @unlessAbsent
  @IsIn(EMPLOYEE_STATUSES)
  status?: EmployeeStatus;

  @ApiPropertyOptional({ description: 'The version you read; a different current version answers 409' })
  @unlessAbsent
  @IsInt()
  @Min(1)
  version?: number;
}

export class TransferEmployeeDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  positionId?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD; today in the agency zone by default' })
  @IsOptional()
  @IsCalendarDate()
  effectiveDate?: string;
}

export class EmployeeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'With unitId: include employees of all sub-units', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeSubunits?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  positionId?: string;

  @ApiPropertyOptional({ enum: EMPLOYEE_STATUSES })
  @IsOptional()
  @IsIn(EMPLOYEE_STATUSES)
  status?: EmployeeStatus;
}
