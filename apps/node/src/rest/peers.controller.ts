import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { AddBanDto, BanAddressDto } from '../api/dto/ban.dto';
import { AddPeerDto, PeerIdDto } from '../api/dto/peer.dto';
import { BanView, PeerView } from '../api/views/peer.view';
import { PeersService } from '../services/peers.service';

@ApiTags('peers')
@ApiBearerAuth()
@Controller({ path: 'peers', version: '1' })
export class PeersController {
  constructor(private readonly peers: PeersService) {}

  @Post()
  @ApiCreatedResponse({ type: PeerView, description: 'after the version handshake' })
  add(@Body() dto: AddPeerDto): Promise<PeerView> {
    return this.peers.add(dto.address);
  }

  @Get()
  @ApiOkResponse({ type: [PeerView] })
  list(): PeerView[] {
    return this.peers.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: PeerView })
  get(@Param() params: PeerIdDto): PeerView {
    return this.peers.get(params.id);
  }

  @Delete(':id')
  disconnect(@Param() params: PeerIdDto): { id: number } {
    return this.peers.disconnect(params.id);
  }
}

@ApiTags('bans')
@ApiBearerAuth()
@Controller({ path: 'bans', version: '1' })
export class BansController {
  constructor(private readonly peers: PeersService) {}

  @Get()
  @ApiOkResponse({ type: [BanView] })
  list(): BanView[] {
    return this.peers.listBans();
  }

  @Post()
  @ApiCreatedResponse({ type: BanView })
  add(@Body() dto: AddBanDto): BanView {
    return this.peers.addBan(dto.address, dto.durationSeconds);
  }

  @Delete(':address')
  remove(@Param() params: BanAddressDto): { address: string } {
    return this.peers.removeBan(params.address);
  }
}
