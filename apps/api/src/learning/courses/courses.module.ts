import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CourseDraft, CourseUpload, CourseVersion } from '@mahir/persistence';
import { CatalogModule } from '../catalog/catalog.module';
import { CoursesController } from './courses.controller';
import { CoursesRepository } from './courses.repository';
import { CoursesService } from './courses.service';
import { CourseUploadsRepository } from './course-uploads.repository';
import { CourseUploadsService } from './course-uploads.service';

@Module({
  imports: [TypeOrmModule.forFeature([CourseDraft, CourseVersion, CourseUpload]), CatalogModule],
  controllers: [CoursesController],
  providers: [CoursesService, CoursesRepository, CourseUploadsService, CourseUploadsRepository],
  exports: [CoursesService, CourseUploadsService],
})
export class CoursesModule {}
