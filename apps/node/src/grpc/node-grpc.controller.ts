import { Controller, UseInterceptors } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { Observable, map } from 'rxjs';

import { AddBanDto, BanAddressDto } from '../api/dto/ban.dto';
import { BlockRefDto, GenerateDto, HashDto, HeadersQueryDto } from '../api/dto/chain.dto';
import { EventsQueryDto } from '../api/dto/events.dto';
import { AddPeerDto, PeerIdDto } from '../api/dto/peer.dto';
import { SendTransactionDto, TxidDto } from '../api/dto/transaction.dto';
import { BlockView, ChainInfoView, GenerateView, HeaderView } from '../api/views/chain.view';
import { BanView, PeerView } from '../api/views/peer.view';
import { MempoolView, SendTransactionView, TransactionView } from '../api/views/transaction.view';
import { GrpcMetricsInterceptor } from '../metrics/grpc-metrics.interceptor';
import { ChainService } from '../services/chain.service';
import { EventsService } from '../services/events.service';
import { MiningService } from '../services/mining.service';
import { PeersService } from '../services/peers.service';
import { TransactionsService } from '../services/transactions.service';

const SERVICE = 'NodeService';

/** mbc.v1.NodeService: one-line delegations to the same services REST uses. */
@Controller()
@UseInterceptors(GrpcMetricsInterceptor)
export class NodeGrpcController {
  constructor(
    private readonly peers: PeersService,
    private readonly transactions: TransactionsService,
    private readonly chain: ChainService,
    private readonly mining: MiningService,
    private readonly events: EventsService,
  ) {}

  @GrpcMethod(SERVICE, 'AddPeer')
  addPeer(@Payload() dto: AddPeerDto): Promise<PeerView> {
    return this.peers.add(dto.address);
  }

  @GrpcMethod(SERVICE, 'ListPeers')
  listPeers(): { peers: PeerView[] } {
    return { peers: this.peers.list() };
  }

  @GrpcMethod(SERVICE, 'GetPeer')
  getPeer(@Payload() dto: PeerIdDto): PeerView {
    return this.peers.get(dto.id);
  }

  @GrpcMethod(SERVICE, 'DisconnectPeer')
  disconnectPeer(@Payload() dto: PeerIdDto): { id: number } {
    return this.peers.disconnect(dto.id);
  }

  @GrpcMethod(SERVICE, 'ListBans')
  listBans(): { bans: BanView[] } {
    return { bans: this.peers.listBans() };
  }

  @GrpcMethod(SERVICE, 'AddBan')
  addBan(@Payload() dto: AddBanDto): BanView {
    return this.peers.addBan(dto.address, dto.durationSeconds);
  }

  @GrpcMethod(SERVICE, 'RemoveBan')
  removeBan(@Payload() dto: BanAddressDto): { address: string } {
    return this.peers.removeBan(dto.address);
  }

  @GrpcMethod(SERVICE, 'SendTransaction')
  sendTransaction(@Payload() dto: SendTransactionDto): Promise<SendTransactionView> {
    return this.transactions.send(dto);
  }

  @GrpcMethod(SERVICE, 'GetTransaction')
  getTransaction(@Payload() dto: TxidDto): Promise<TransactionView> {
    return this.transactions.get(dto.txid);
  }

  @GrpcMethod(SERVICE, 'ListMempool')
  listMempool(): MempoolView {
    return this.transactions.mempool();
  }

  @GrpcMethod(SERVICE, 'GetHeaders')
  getHeaders(@Payload() dto: HeadersQueryDto): { headers: HeaderView[] } {
    return { headers: this.chain.headers(dto.from, dto.count) };
  }

  @GrpcMethod(SERVICE, 'GetHeader')
  getHeader(@Payload() dto: HashDto): HeaderView {
    return this.chain.header(dto.hash);
  }

  @GrpcMethod(SERVICE, 'GetBlock')
  async getBlock(@Payload() dto: BlockRefDto): Promise<BlockView> {
    const { view, raw } = await this.chain.block(dto.hashOrHeight);
    return { ...view, hex: raw.toString('hex') };
  }

  @GrpcMethod(SERVICE, 'GetChainInfo')
  getChainInfo(): ChainInfoView {
    return this.chain.info();
  }

  @GrpcMethod(SERVICE, 'Generate')
  generate(@Payload() dto: GenerateDto): Promise<GenerateView> {
    return this.mining.generate(dto.count);
  }

  @GrpcMethod(SERVICE, 'SubscribeEvents')
  subscribeEvents(@Payload() dto: EventsQueryDto): Observable<{ type: string; timeMs: number; json: string }> {
    return this.events.stream(dto.types).pipe(map((event) => ({ type: event.type, timeMs: event.timeMs, json: JSON.stringify(event.data) })));
  }
}
