import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { ToList } from '../../config/coerce';
import { NODE_EVENT_TYPES, NodeEventType } from '../../services/events.service';

/** REST `?types=a,b` or gRPC `repeated string types`; absent means every event type. */
export class EventsQueryDto {
  @ApiPropertyOptional({ description: `comma-separated: ${NODE_EVENT_TYPES.join(', ')}`, example: 'blockConnected,txAccepted' })
  @IsOptional() @ToList() @IsIn(NODE_EVENT_TYPES, { each: true })
  types?: NodeEventType[];
}
