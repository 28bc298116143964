import { Controller, MessageEvent, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Observable, map } from 'rxjs';

import { EventsQueryDto } from '../api/dto/events.dto';
import { EventsService } from '../services/events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller({ version: '1' })
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** Server-Sent Events; `?types=blockConnected,txAccepted` narrows the stream. */
  @Sse('events')
  stream(@Query() query: EventsQueryDto): Observable<MessageEvent> {
    return this.events.stream(query.types).pipe(map((event) => ({ type: event.type, data: { ...event.data, timeMs: event.timeMs } })));
  }
}
