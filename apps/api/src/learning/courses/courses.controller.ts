import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { Problem } from '../../platform';
import { uuidPipe } from '../../platform';
import { CourseQueryDto, CreateCourseDto, DiffQueryDto, SaveDraftDto } from './dto/course.dto';
import { CoursesService } from './courses.service';
import { CourseUploadsService } from './course-uploads.service';
import { RequestCourseUploadDto } from './dto/course-upload.dto';


const versionPipe = new ParseIntPipe({ exceptionFactory: () => Problem.field(400, 'version', 'rule.isInt') });

/** Authoring: training admins of the owning agency only; drafts are never shown to anyone else. */
@ApiTags('courses')
@ApiBearerAuth()
@Controller('courses')
export class CoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly uploads: CourseUploadsService,
  ) {}

  @Get()
  @Roles('training_admin')
  @ApiOperation({ summary: 'Courses of this agency with their status, drafts included' })
  list(@CurrentActor() actor: Actor, @Query() query: CourseQueryDto) {
    return this.courses.list(actor, query);
  }

  @Post()
  @Roles('training_admin')
  @ApiOperation({ summary: 'Start a course: an empty draft with a title' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCourseDto) {
    return this.courses.create(actor, dto.title);
  }

  @Get(':id')
  @Roles('training_admin')
  @ApiOperation({ summary: 'A course with its draft document and published versions' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.courses.get(actor, id);
  }

  @Put(':id/draft')
  @Roles('training_admin')
  @ApiOperation({ summary: 'Save the whole draft document; a stale revision answers 409. Editing a published course opens the next draft' })
  saveDraft(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: SaveDraftDto) {
    return this.courses.saveDraft(actor, id, dto.revision, dto.document);
  }

  @Get(':id/checks')
  @Roles('training_admin')
  @ApiOperation({ summary: 'Every problem that stops the draft from being published' })
  checks(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.courses.checks(actor, id);
  }

  @Post(':id/submit')
  @Roles('training_admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the draft for review (refused with every problem listed)' })
  submit(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.courses.submit(actor, id);
  }

  @Post(':id/return')
  @Roles('training_admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return a draft in review to editing' })
  returnToDraft(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.courses.returnToDraft(actor, id);
  }

  @Post(':id/publish')
  @Roles('training_admin')
  @ApiOperation({ summary: 'Publish the reviewed draft as the next immutable version' })
  publish(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.courses.publish(actor, id);
  }

  @Post(':id/archive')
  @Roles('training_admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive the course; versions stay for those enrolled on them' })
  archive(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.courses.archive(actor, id);
  }

  @Get(':id/versions/:version')
  @Roles('training_admin')
  @ApiOperation({ summary: 'A published version, exactly as it was published' })
  version(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Param('version', versionPipe) version: number) {
    return this.courses.version(actor, id, version);
  }

  @Get(':id/diff')
  @Roles('training_admin')
  @ApiOperation({ summary: 'Differences between two versions (0 = the open draft)' })
  diff(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Query() query: DiffQueryDto) {
    return this.courses.diff(actor, id, query.from, query.to);
  }

  @Post(':id/uploads')
  @Roles('training_admin')
  @ApiOperation({ summary: 'A presigned URL (10 minutes) to PUT a video, document or cover to; the type and size declared must fit the kind' })
  requestUpload(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: RequestCourseUploadDto) {
    return this.uploads.request(actor, id, dto.kind, dto.contentType, dto.size);
  }

  @Post(':id/uploads/:uploadId/complete')
  @Roles('training_admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the uploaded file by its real type and size; a file that fails is removed (415/413)' })
  completeUpload(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Param('uploadId', uuidPipe('uploadId')) uploadId: string) {
    return this.uploads.complete(actor, id, uploadId);
  }
}
