import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class SaveAnswersDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { q1: 'o2', q2: ['o1', 'o3'], q4: 'standar pelayanan', q5: 60, q6: 'Uraian…' },
    description:
      'Answers by question id, merged into those saved before. single_choice and true_false: an option id; multiple_choice: a list of option ids; ' +
      'short_answer and essay: text; numeric: a number; null clears an answer.',
  })
  @IsObject()
  answers!: Record<string, unknown>;
}
