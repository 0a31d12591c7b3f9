import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { PageQueryDto } from '../../platform';
import { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @Roles('super_admin')
  @ApiOperation({ summary: 'All agencies (super admin)' })
  list(@Query() query: PageQueryDto) {
    return this.tenants.list(query);
  }

  @Post()
  @Roles('super_admin')
  @ApiOperation({ summary: 'Create an agency (super admin)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTenantDto) {
    return this.tenants.create(actor, dto);
  }

  @Get('current')
  @Authenticated()
  @ApiOperation({ summary: 'The agency the caller acts in' })
  current(@CurrentActor() actor: Actor) {
    return this.tenants.current(actor);
  }

  @Patch('current')
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Rename the agency or change its time zone' })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateTenantDto) {
    return this.tenants.update(actor, dto);
  }
}
