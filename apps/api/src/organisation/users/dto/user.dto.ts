import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { TENANT_ROLES, type TenantRole } from '@mahir/competency';
import { STRONG_PASSWORD } from '../../../platform';
import { unlessAbsent } from '../../../platform';

export class CreateUserDto {
  @ApiProperty({ format: 'uuid', description: 'The employee who gets a login' })
  @IsUUID()
  employeeId!: string;

  @ApiProperty({ description: 'Initial password: at least 10 characters with letters and digits' })
  @IsString()
  @MaxLength(256)
  @Matches(STRONG_PASSWORD, { context: { rule: 'strongPassword' } })
  @MinLength(10)
  password!: string;

  @ApiProperty({ enum: TENANT_ROLES, isArray: true, example: ['learner'] })
  @IsArray()
  @ArrayUnique()
  @IsIn(TENANT_ROLES, { each: true })
  roles!: TenantRole[];
}

export class SetRolesDto {
  @ApiProperty({ enum: TENANT_ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(TENANT_ROLES, { each: true })
  roles!: TenantRole[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'true disables the login and ends its sessions' })
  @unlessAbsent
  @IsBoolean()
  disabled?: boolean;
}
