import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ description: 'NIP (18 digits) or e-mail', example: '198503152010011001' })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  identifier!: string;

  @ApiProperty({ example: 'Mahir#2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}
