import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '@mahir/course';
import { PageQueryDto } from '../../../platform';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EnrollDto {
  @ApiProperty({ format: 'uuid', description: 'A course of the caller’s catalog (their agency’s, or a national one)' })
  @IsUUID()
  courseId!: string;
}

export class EnrollmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  courseId?: string;

  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES })
  @IsOptional()
  @IsIn(ENROLLMENT_STATUSES)
  status?: EnrollmentStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  employeeId?: string;
}

/** The optional note of an approval, rejection or withdrawal. */
export class EnrollmentDecisionDto {
  @ApiPropertyOptional({ example: 'Sesuai rencana pengembangan kompetensi tahun ini', maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}
