import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class RevokeCertificateDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Nama peserta salah; sertifikat diterbitkan ulang' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export class ReissueCertificateDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Nama peserta dikoreksi' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export class CertificateTemplateDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Sertifikat pelatihan teknis' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ maxLength: 200000, description: 'Handlebars HTML of the page body; helpers: asset, date, num, jp, qr; blocks: if, unless, each' })
  @IsString()
  @MinLength(1)
  @MaxLength(200000)
  html!: string;

  @ApiProperty({ maxLength: 200000, description: 'CSS (Handlebars too, e.g. url({{asset "font"}}))', required: false, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(200000)
  css?: string;

  @ApiProperty({ enum: ['landscape', 'portrait'], description: 'A4 orientation' })
  @IsIn(['landscape', 'portrait'])
  orientation!: 'landscape' | 'portrait';
}

export class RequestCertificateAssetDto {
  @ApiProperty({ pattern: '^[a-z0-9][a-z0-9._-]{0,63}$', example: 'logo', description: 'The name templates use: {{asset "logo"}}' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/)
  name!: string;

  @ApiProperty({ enum: ['image/png', 'image/jpeg', 'font/woff2', 'font/ttf'], description: 'Checked again on the stored bytes; SVG is refused (it can carry script)' })
  @IsString()
  @MaxLength(100)
  contentType!: string;

  @ApiProperty({ example: 20480, description: 'Declared size in bytes (at most 2 MiB)' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size!: number;
}

export class TemplateVersionQueryDto {
  @ApiPropertyOptional({ minimum: 1, description: 'A past version; the latest when absent' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}
