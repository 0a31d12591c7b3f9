import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** Events per request: enough for a client that was offline for a while, small enough for one quick transaction. */
export const MAX_PROGRESS_EVENTS = 200;

export class ProgressEventDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client, once per event: a replay of the same id has no further effect' })
  @IsUUID()
  id!: string;

  @ApiProperty({ example: 'l1', description: 'A lesson of the enrollment’s pinned course version' })
  @IsString()
  @MaxLength(100)
  lessonId!: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 3600, description: 'Seconds spent since the previous event (added up)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  secondsSpent?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Where the learner is (seconds into a video, page of a document), for resuming' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000_000)
  position?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'How far the learner got (the furthest reached counts)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({ description: 'Finished: counts for text and document lessons; a video counts by percent, quizzes and assignments by their grade' })
  @IsOptional()
  @IsBoolean()
  completed?: boolean;
}

export class RecordProgressDto {
  @ApiProperty({ type: [ProgressEventDto], minItems: 1, maxItems: MAX_PROGRESS_EVENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PROGRESS_EVENTS)
  @ValidateNested({ each: true })
  @Type(() => ProgressEventDto)
  events!: ProgressEventDto[];
}
