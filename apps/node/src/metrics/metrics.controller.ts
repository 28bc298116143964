import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';

import { METRICS_REGISTRY } from '../node/tokens';
import { Public } from '../security/public.decorator';
import { MetricsFeed } from './metrics-feed';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly feed: MetricsFeed,
  ) {}

  /** Prometheus text exposition format. */
  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    this.feed.refreshGauges();
    void reply.type(this.registry.contentType);
    return this.registry.metrics();
  }
}
