import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { requestLocale } from '../../platform';
import { uuidPipe } from '../../platform';
import { ImportQueryDto } from '../../platform';
import { CreateEmployeeDto, EmployeeQueryDto, TransferEmployeeDto, UpdateEmployeeDto } from './dto/employee.dto';
import { CSV_COLUMNS, EmployeesImportService } from './employees-import.service';
import { EmployeesService } from './employees.service';
import { RequestBody } from '../../platform';

/** The one route whose body is CSV, not JSON (the body parser needs to know). */

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('employees')
export class EmployeesController {
  constructor(
    private readonly employees: EmployeesService,
    private readonly importer: EmployeesImportService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Employees: admins see all, supervisors their team, others themselves' })
  list(@CurrentActor() actor: Actor, @Query() query: EmployeeQueryDto) {
    return this.employees.list(actor, query);
  }

  @Get('export')
  @Roles('tenant_admin')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="pegawai.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: `Export employees as CSV (${CSV_COLUMNS.join(', ')}), the import format` })
  export(@CurrentActor() actor: Actor) {
    return this.importer.export(actor);
  }

  @Post('import')
  @RequestBody('csv')
  @Roles('tenant_admin')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: `${CSV_COLUMNS.join(',')}\n198503152010011001,Siti Aminah,siti@ambon.go.id,DISHUB,PELAKSANA,,active` } })
  @ApiOperation({ summary: 'Upsert employees by NIP from CSV; a per-row report; nothing written if a row is invalid unless mode=valid-only' })
  import(@CurrentActor() actor: Actor, @Query() query: ImportQueryDto, @Body() body: unknown, @Req() req: Request) {
    return this.importer.import(actor, typeof body === 'string' ? body : '', query.mode, query.dryRun, requestLocale(req));
  }

  @Get(':id')
  @Authenticated()
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.employees.get(actor, id);
  }

  @Get(':id/placements')
  @Authenticated()
  @ApiOperation({ summary: 'Placement history: units and positions held, with dates' })
  placements(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.employees.placements(actor, id);
  }

  @Post()
  @Roles('tenant_admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateEmployeeDto) {
    return this.employees.create(actor, dto);
  }

  @Patch(':id')
  @Roles('tenant_admin')
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: UpdateEmployeeDto) {
    return this.employees.update(actor, id, dto);
  }

  @Post(':id/transfer')
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Move to another unit and/or position, keeping history' })
  transfer(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: TransferEmployeeDto) {
    return this.employees.transfer(actor, id, dto);
  }
}
