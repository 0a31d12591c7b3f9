import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { COMPETENCY_LEVELS, type CompetencyLevel } from '@mahir/competency';
import { PageQueryDto } from '../../../platform';
import { IsInstant } from '../../../platform';

export const RECORDABLE_SOURCES = ['assessment', 'manual'] as const;
export type RecordableSource = (typeof RECORDABLE_SOURCES)[number];
const SOURCE_REF = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$/;
/** As the upload route makes them: `<tenant>/evidence/<yyyy>/<uuid>.<pdf|png|jpg>`. */
const EVIDENCE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/evidence\/\d{4}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(pdf|png|jpg)$/;

export class RecordEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  competencyId!: string;

  @ApiProperty({ enum: COMPETENCY_LEVELS })
  @IsInt()
  @IsIn(COMPETENCY_LEVELS)
  level!: CompetencyLevel;

  @ApiProperty({ enum: RECORDABLE_SOURCES, description: 'assessment: e.g. an assessment centre result; manual: other evidence' })
  @IsIn(RECORDABLE_SOURCES)
  source!: RecordableSource;

  @ApiProperty({ example: 'AC-2026/0142', description: 'The source document; posting the same source again returns the same entry' })
  @IsString()
  @Matches(SOURCE_REF)
  sourceRef!: string;

  @ApiProperty({ example: '2026-10-14T09:00:00+07:00', description: 'When it happened (ISO 8601 with zone); not in the future' })
  @IsInstant()
  occurredAt!: string;

  @ApiPropertyOptional({ example: '2029-10-14T00:00:00+07:00' })
  @IsOptional()
  @IsInstant()
  validUntil?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  evidenceText?: string;

  @ApiPropertyOptional({ example: 'https://simpeg.ambon.go.id/laporan/ac-0142.pdf' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(2000)
  evidenceUrl?: string;

  @ApiPropertyOptional({
    example: '7d0c3f6e-2f4b-4c55-9a43-0d2a8f1f6b11/evidence/2026/3b9e1a52-6c1d-4d0e-8f7a-5b2c9d4e1f20.pdf',
    description: 'The key answered by POST …/ledger/evidence for this employee; each file attaches to one entry',
  })
  @IsOptional()
  @IsString()
  @Matches(EVIDENCE_KEY)
  evidenceObjectKey?: string;
}

export class RevokeEntryDto {
  @ApiProperty({ example: 'Sertifikat asesmen ternyata milik pegawai lain' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class AdjustEntryDto {
  @ApiProperty({ enum: COMPETENCY_LEVELS })
  @IsInt()
  @IsIn(COMPETENCY_LEVELS)
  level!: CompetencyLevel;

  @ApiPropertyOptional({ description: 'New end of validity; omitted: no expiry' })
  @IsOptional()
  @IsInstant()
  validUntil?: string;

  @ApiProperty()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class LedgerQueryDto extends PageQueryDto {}
