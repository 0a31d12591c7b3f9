import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PositionStandard } from '@mahir/persistence';
import { StandardsController } from './standards.controller';
import { StandardsRepository } from './standards.repository';
import { StandardsService } from './standards.service';

@Module({
  imports: [TypeOrmModule.forFeature([PositionStandard])],
  controllers: [StandardsController],
  providers: [StandardsService, StandardsRepository],
  exports: [StandardsService],
})
export class StandardsModule {}
