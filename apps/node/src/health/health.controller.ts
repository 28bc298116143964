import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '../security/public.decorator';
import { ReadinessService, type Readiness } from './readiness.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when ready, 503 with the failing checks otherwise. */
  @Get('ready')
  ready(@Res({ passthrough: true }) reply: FastifyReply): Readiness {
    const readiness = this.readiness.readiness();
    void reply.status(readiness.ready ? 200 : 503);
    return readiness;
  }
}
