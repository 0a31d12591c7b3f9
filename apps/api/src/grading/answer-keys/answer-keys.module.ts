import { Module } from '@nestjs/common';
import { AnswerKeysController } from './answer-keys.controller';
import { AnswerKeysService } from './answer-keys.service';

/** Answer-key corrections of published course versions (the worker re-grades the attempts). */
@Module({ controllers: [AnswerKeysController], providers: [AnswerKeysService] })
export class AnswerKeysModule {}
