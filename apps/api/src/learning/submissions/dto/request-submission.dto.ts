import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';

export class RequestSubmissionDto {
  @ApiProperty({ example: 'application/pdf', description: 'PDF, DOCX, XLSX, PPTX, PNG, JPEG or ZIP; the server checks the real type on completion' })
  @IsString()
  @MaxLength(100)
  contentType!: string;

  @ApiProperty({ minimum: 1, example: 48213, description: 'Bytes; at most 20 MiB' })
  @IsInt()
  @Min(1)
  size!: number;

  @ApiPropertyOptional({ maxLength: 255, example: 'standar-pelayanan.pdf', description: 'Shown to the grader; never part of the storage key' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fileName?: string;
}
