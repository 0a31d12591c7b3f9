import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../platform';
import { unlessAbsent } from '../../../platform';

export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_.-]{0,39}$/;

export class CreateUnitDto {
  @ApiProperty({ example: 'DISDUKCAPIL' })
  @IsString()
  @Matches(CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: 'Dinas Kependudukan dan Pencatatan Sipil' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

export class UpdateUnitDto {
  @ApiPropertyOptional()
  @unlessAbsent
  @IsString()
  @Matches(CODE_PATTERN)
  code?: string;

  @ApiPropertyOptional()
  @unlessAbsent
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null makes it a top-level unit' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID()
  parentId?: string | null;
}

export class UnitQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}
