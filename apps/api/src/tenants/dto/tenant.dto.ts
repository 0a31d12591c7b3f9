import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AGENCY_TIME_ZONES, type AgencyTimeZone } from '@mahir/competency';
import { unlessAbsent } from '../../problem/validation';

export class CreateTenantDto {
  @ApiProperty({ example: 'AMBON', description: 'Uppercase letters, digits, underscore' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/)
  code!: string;

  @ApiProperty({ example: 'Pemerintah Kota Ambon' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Pemkot Ambon' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  shortName?: string;

  @ApiProperty({ enum: AGENCY_TIME_ZONES })
  @IsIn(AGENCY_TIME_ZONES)
  timeZone!: AgencyTimeZone;
}

export class UpdateTenantDto {
  @ApiPropertyOptional({ example: 'AMBON' })
  @unlessAbsent
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/)
  code?: string;

  @ApiPropertyOptional({ example: 'Pemerintah Kota Ambon' })
  @unlessAbsent
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null removes the short name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  shortName?: string | null;

  @ApiPropertyOptional({ enum: AGENCY_TIME_ZONES })
  @unlessAbsent
  @IsIn(AGENCY_TIME_ZONES)
  timeZone?: AgencyTimeZone;
}
