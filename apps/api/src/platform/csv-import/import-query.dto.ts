import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export const IMPORT_MODES = ['all-or-nothing', 'valid-only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** The query of every CSV import: all rows or none by default, or only the valid ones; or just a report. */
export class ImportQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_MODES, default: 'all-or-nothing', description: 'valid-only writes the valid rows even when others are invalid' })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode: ImportMode = 'all-or-nothing';

  @ApiPropertyOptional({ default: false, description: 'Validate and report, write nothing' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun = false;
}
