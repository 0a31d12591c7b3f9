import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { POSITION_CLASSES, type PositionClass } from '@mahir/competency';
import { PageQueryDto } from '../../../platform';
import { unlessAbsent } from '../../../platform';
import { CODE_PATTERN } from '../../units/dto/unit.dto';

export class CreatePositionDto {
  @ApiProperty({ example: 'KADIS' })
  @IsString()
  @Matches(CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: 'Kepala Dinas Perhubungan' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: POSITION_CLASSES })
  @IsIn(POSITION_CLASSES)
  positionClass!: PositionClass;
}

export class UpdatePositionDto {
  @ApiPropertyOptional({ example: 'KADIS' })
  @unlessAbsent
  @IsString()
  @Matches(CODE_PATTERN)
  code?: string;

  @ApiPropertyOptional({ example: 'Kepala Dinas Perhubungan' })
  @unlessAbsent
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: POSITION_CLASSES })
  @unlessAbsent
  @IsIn(POSITION_CLASSES)
  positionClass?: PositionClass;
}

export class PositionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: POSITION_CLASSES })
  @IsOptional()
  @IsIn(POSITION_CLASSES)
  positionClass?: PositionClass;
}
