import { Controller, MessageEvent, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Observable, map } from 'rxjs';

import { EventsService, NODE_EVENT_TYPES } from '../services/events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller({ version: '1' })
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** Server-Sent Events; `?types=blockConnected,txAccepted` narrows the stream. */
  @Sse('events')
  @ApiQuery({ name: 'types', required: false, description: `comma-separated: ${NODE_EVENT_TYPES.join(', ')}` })
  stream(@Query('types') types?: string): Observable<MessageEvent> {
    return this.events.stream(types ? types.split(',') : []).pipe(map((event) => ({ type: event.type, data: { ...event.data, timeMs: event.timeMs } })));
  }
}
