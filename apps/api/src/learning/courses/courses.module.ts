import { Module } from '@nestjs/common';
import { CoursesController } from './courses.controller';
import { CoursesService } from './courses.service';
import { CourseUploadsService } from './course-uploads.service';

@Module({ controllers: [CoursesController], providers: [CoursesService, CourseUploadsService], exports: [CoursesService, CourseUploadsService] })
export class CoursesModule {}
