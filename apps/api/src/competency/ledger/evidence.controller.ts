import { Controller, Get, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { uuidPipe } from '../../platform';
import { EVIDENCE_FIELD, EvidenceFileInterceptor, type EvidenceFile } from './evidence-file.interceptor';
import { EvidenceService } from './evidence.service';
import { RequestBody } from '../../platform';

/** The one route whose body is multipart/form-data (the body parser must let it through, unparsed). */

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('employees/:employeeId/ledger')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('evidence')
  @RequestBody('multipart')
  @Roles('supervisor', 'training_admin', 'tenant_admin')
  @UseInterceptors(EvidenceFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [EVIDENCE_FIELD],
      properties: { [EVIDENCE_FIELD]: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG, recognised by its content; at most EVIDENCE_LIMIT_BYTES' } },
    },
  })
  @ApiOperation({ summary: 'Upload an evidence file; pass the answered evidenceObjectKey when recording the entry' })
  upload(@CurrentActor() actor: Actor, @Param('employeeId', uuidPipe('employeeId')) employeeId: string, @UploadedFile() file: EvidenceFile | undefined) {
    return this.evidence.upload(actor, employeeId, file);
  }

  @Get(':entryId/evidence')
  @Authenticated()
  @ApiOperation({ summary: 'A download link of the entry’s evidence file, valid for 5 minutes' })
  link(@CurrentActor() actor: Actor, @Param('employeeId', uuidPipe('employeeId')) employeeId: string, @Param('entryId', uuidPipe('entryId')) entryId: string) {
    return this.evidence.link(actor, employeeId, entryId);
  }
}
