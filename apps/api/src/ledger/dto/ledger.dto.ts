import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { COMPETENCY_LEVELS, type CompetencyLevel } from '@mahir/competency';
import { PageQueryDto } from '../../pagination/page-query.dto';
import { IsInstant } from '../../problem/is-instant';

export const RECORDABLE_SOURCES = ['assessment', 'manual'] as const;
export type RecordableSource = (typeof RECORDABLE_SOURCES)[number];
const SOURCE_REF = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$/;

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
