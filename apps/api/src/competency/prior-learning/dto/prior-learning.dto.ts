import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, IsUrl, MaxLength, MinLength } from 'class-validator';
import { COMPETENCY_LEVELS, PRIOR_LEARNING_STATUSES, type CompetencyLevel, type PriorLearningStatus } from '@mahir/competency';
import { PageQueryDto } from '../../../platform';
import { IsInstant } from '../../../platform';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SubmitPriorLearningDto {
  @ApiProperty({ format: 'uuid', description: 'A national competency or one of the agency’s own, not retired' })
  @IsUUID()
  competencyId!: string;

  @ApiProperty({ enum: COMPETENCY_LEVELS, description: 'The level the learner claims' })
  @IsInt()
  @IsIn(COMPETENCY_LEVELS)
  level!: CompetencyLevel;

  @ApiProperty({ example: '2025-11-20T08:00:00+09:00', description: 'When it was learned (ISO 8601 with zone); not in the future' })
  @IsInstant()
  occurredAt!: string;

  @ApiProperty({ example: 'Diklat Kepemimpinan Pengawas, BPSDM Provinsi Maluku, 2025', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({ example: 'https://bpsdm.malukuprov.go.id/sertifikat/2025-0142.pdf' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(2000)
  evidenceUrl?: string;
}

export class PriorLearningQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PRIOR_LEARNING_STATUSES })
  @IsOptional()
  @IsIn(PRIOR_LEARNING_STATUSES)
  status?: PriorLearningStatus;
}

export class AcceptPriorLearningDto {
  @ApiPropertyOptional({ example: 'Sertifikat asli sudah diperiksa', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectPriorLearningDto {
  @ApiProperty({ example: 'Sertifikat tidak dapat diverifikasi', minLength: 3, maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note!: string;
}
