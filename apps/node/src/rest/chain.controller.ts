import { Body, Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { BlockFormatDto, BlockRefDto, GenerateDto, HashDto, HeadersQueryDto } from '../api/dto/chain.dto';
import { JSON_CONTENT_TYPE } from '../api/json-response';
import { BlockView, ChainInfoView, GenerateView, HeaderView } from '../api/views/chain.view';
import { ChainService } from '../services/chain.service';
import { MiningService } from '../services/mining.service';

@ApiTags('chain')
@ApiBearerAuth()
@Controller({ version: '1' })
export class ChainController {
  constructor(
    private readonly chain: ChainService,
    private readonly mining: MiningService,
  ) {}

  @Get('chain')
  @ApiOkResponse({ type: ChainInfoView })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  info(): string {
    return this.chain.infoJson();
  }

  @Get('headers')
  @ApiOkResponse({ type: [HeaderView] })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  headers(@Query() query: HeadersQueryDto): Buffer {
    return this.chain.headersJson(query.from, query.count);
  }

  @Get('headers/:hash')
  @ApiOkResponse({ type: HeaderView })
  header(@Param() params: HashDto): HeaderView {
    return this.chain.header(params.hash);
  }

  /** JSON by default; `?format=hex` answers the raw block as text/plain hex (Core's /rest/block/<hash>.hex). */
  @Get('blocks/:hashOrHeight')
  @ApiOkResponse({ type: BlockView, description: 'or text/plain hex with ?format=hex' })
  @ApiProduces('application/json', 'text/plain')
  async block(@Param() params: BlockRefDto, @Query() query: BlockFormatDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<BlockView | string> {
    const { view, raw } = await this.chain.block(params.hashOrHeight);
    if (query.format !== 'hex') return view;
    void reply.type('text/plain; charset=utf-8');
    return raw.toString('hex');
  }

  @Post('mining/generate')
  @ApiCreatedResponse({ type: GenerateView })
  @Header('Cache-Control', 'no-store')
  generate(@Body() dto: GenerateDto): Promise<GenerateView> {
    return this.mining.generate(dto.count);
  }
}
