import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsUUID, ValidateNested } from 'class-validator';
import { COMPETENCY_LEVELS, type CompetencyLevel } from '@mahir/competency';

export class StandardItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  competencyId!: string;

  @ApiProperty({ enum: COMPETENCY_LEVELS })
  @IsInt()
  @IsIn(COMPETENCY_LEVELS)
  requiredLevel!: CompetencyLevel;
}

export class SetStandardDto {
  @ApiProperty({ type: [StandardItemDto], description: 'The explicit levels; class defaults apply to national competencies not listed' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => StandardItemDto)
  items!: StandardItemDto[];
}
