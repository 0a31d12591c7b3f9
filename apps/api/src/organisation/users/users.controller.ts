import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mahir/runtime';
import { CurrentActor, type Actor } from '../../platform';
import { PageQueryDto } from '../../platform';
import { uuidPipe } from '../../platform';
import { CreateUserDto, SetRolesDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Logins of this agency with their roles' })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @Roles('tenant_admin')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.users.get(actor, id);
  }

  @Post()
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Give an employee a login with roles' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Put(':id/roles')
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Replace the roles of a login' })
  setRoles(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: SetRolesDto) {
    return this.users.setRoles(actor, id, dto.roles);
  }

  @Patch(':id')
  @Roles('tenant_admin')
  @ApiOperation({ summary: 'Disable or enable a login' })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() dto: UpdateUserDto) {
    return dto.disabled === undefined ? this.users.get(actor, id) : this.users.setDisabled(actor, id, dto.disabled);
  }
}
