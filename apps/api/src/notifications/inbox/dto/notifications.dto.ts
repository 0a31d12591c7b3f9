import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { NOTIFICATION_KINDS, NOTIFICATION_LOCALES } from '@mahir/notify';
import { PageQueryDto } from '../../../platform';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread notifications (true) or only read ones (false)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationPreferencesDto {
  @ApiProperty({ enum: NOTIFICATION_LOCALES, description: 'Language of e-mails and in-app texts' })
  @IsIn(NOTIFICATION_LOCALES)
  locale!: (typeof NOTIFICATION_LOCALES)[number];

  @ApiProperty({ description: 'E-mail besides the in-app notification (mandatory-course notices are e-mailed regardless)' })
  @IsBoolean()
  emailEnabled!: boolean;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, description: 'Kinds turned off; notices about a mandatory course still arrive' })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS, { each: true })
  disabledKinds!: string[];
}
