import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsInstant } from '../../../platform';

export class ProfileQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00+09:00', description: 'The profile as of this instant (ISO 8601 with zone); now by default' })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}

export class JpQueryDto {
  @ApiPropertyOptional({ description: 'Calendar year in the agency time zone; this year by default' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export const JP_CREDIT_SOURCES = ['external_training', 'manual'] as const;

export class CreditJpDto {
  @ApiProperty({ description: 'Learning time in minutes (1 JP = 45 minutes)', example: 360 })
  @IsInt()
  @Min(1)
  @Max(100000)
  minutes!: number;

  @ApiProperty({ example: '2026-09-10T08:00:00+07:00' })
  @IsInstant()
  occurredAt!: string;

  @ApiProperty({ enum: JP_CREDIT_SOURCES })
  @IsIn(JP_CREDIT_SOURCES)
  source!: (typeof JP_CREDIT_SOURCES)[number];

  @ApiProperty({ example: 'BPSDM-2026-0915', description: 'The certificate or letter; the same source twice yields one credit' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$/)
  sourceRef!: string;

  @ApiPropertyOptional({ example: 'Pelatihan Pelayanan Publik, BPSDM Provinsi Maluku' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}
