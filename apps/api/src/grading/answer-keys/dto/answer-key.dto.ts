import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsNumber, IsOptional, IsString, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

/** A corrected answer key: the fields of the question's kind only, and why. */
export class PutAnswerKeyDto {
  @ApiPropertyOptional({ type: [String], example: ['o2'], description: 'Choice kinds: the ids of the correct options (exactly one for single choice and true/false)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  correctOptionIds?: string[];

  @ApiPropertyOptional({ type: [String], example: ['UU 25/2009'], description: 'Short answer: the accepted answers' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  acceptedAnswers?: string[];

  @ApiPropertyOptional({ description: 'Short answer: match case (default: as published)' })
  @IsOptional()
  @IsBoolean()
  caseSensitive?: boolean;

  @ApiPropertyOptional({ description: 'Short answer: ignore spaces (default: as published)' })
  @IsOptional()
  @IsBoolean()
  ignoreSpaces?: boolean;

  @ApiPropertyOptional({ example: 42, description: 'Numeric: the answer' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  numericAnswer?: number;

  @ApiPropertyOptional({ example: 0.5, nullable: true, minimum: 0, description: 'Numeric: the tolerance (null: exact)' })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  tolerance?: number | null;

  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Kunci soal 3 keliru: jawaban benar adalah B.' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}
