import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AGENCY_TIME_ZONES, type AgencyTimeZone } from '@mahir/competency';
import { unlessAbsent } from '../../../platform';

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

  @ApiPropertyOptional({ nullable: true, example: 'BKPSDM Kota Ambon', description: "The sender name of the agency's mail; null falls back to the platform's" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  mailFromName?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'diklat@ambon.go.id', description: "The sender address of the agency's mail; null falls back to the platform's" })
  @IsOptional()
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  mailFromAddress?: string | null;
}
