import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const STRONG_PASSWORD = /^(?=.*\p{L})(?=.*\d).{10,}$/u;

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ description: 'At least 10 characters with letters and digits' })
  @IsString()
  @MaxLength(256)
  @Matches(STRONG_PASSWORD, { context: { rule: 'strongPassword' } })
  @MinLength(10)
  newPassword!: string;
}
