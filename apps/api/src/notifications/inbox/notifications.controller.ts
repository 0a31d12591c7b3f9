import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { NotificationListQueryDto, NotificationPreferencesDto } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @Authenticated()
  @ApiOperation({ summary: 'My in-app notifications, newest first (unread=true for unread only), with the unread count' })
  list(@CurrentActor() actor: Actor, @Query() query: NotificationListQueryDto) {
    return this.notifications.list(actor, query);
  }

  @Get('notifications/unread-count')
  @Authenticated()
  @ApiOperation({ summary: 'How many of my notifications are unread' })
  unreadCount(@CurrentActor() actor: Actor) {
    return this.notifications.unreadCount(actor);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark all my notifications read' })
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark one of my notifications read (again: no change)' })
  read(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.notifications.markRead(actor, id);
  }

  @Get('notification-preferences')
  @Authenticated()
  @ApiOperation({ summary: 'My language, e-mail switch and the kinds turned off' })
  preferences(@CurrentActor() actor: Actor) {
    return this.notifications.preferences(actor);
  }

  @Put('notification-preferences')
  @Authenticated()
  @ApiOperation({ summary: 'Replace my notification preferences; mandatory-course notices cannot be turned off' })
  savePreferences(@CurrentActor() actor: Actor, @Body() dto: NotificationPreferencesDto) {
    return this.notifications.savePreferences(actor, dto);
  }
}
