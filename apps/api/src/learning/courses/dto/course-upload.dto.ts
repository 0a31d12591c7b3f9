import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { COURSE_UPLOAD_KINDS, type CourseUploadKind } from '@mahir/course';

const MiB = 1024 * 1024;

/** What each kind of course file may be, and how large. The type is checked again on the bytes that arrive. */
export const COURSE_UPLOAD_LIMITS: Record<CourseUploadKind, { contentTypes: readonly string[]; maxBytes: number }> = {
  video: { contentTypes: ['video/mp4', 'video/webm'], maxBytes: 500 * MiB },
  document: { contentTypes: ['application/pdf'], maxBytes: 50 * MiB },
  cover: { contentTypes: ['image/png', 'image/jpeg', 'image/webp'], maxBytes: 5 * MiB },
};

export class RequestCourseUploadDto {
  @ApiProperty({ enum: COURSE_UPLOAD_KINDS, description: 'video: mp4/webm ≤ 500 MiB; document: pdf ≤ 50 MiB; cover: png/jpeg/webp ≤ 5 MiB' })
  @IsIn(COURSE_UPLOAD_KINDS)
  kind!: CourseUploadKind;

  @ApiProperty({ example: 'video/mp4', description: 'The declared type; the stored bytes are checked again on completion' })
  @IsString()
  @MaxLength(100)
  contentType!: string;

  @ApiProperty({ example: 10485760, description: 'The declared size in bytes' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size!: number;
}
