// Properties of @mbc/wire's FrameDecoder under arbitrary input. Plain fast-check (no Jest), so the
// same checks run in the CI-sized spec and in `npm run fuzz`.
import * as fc from 'fast-check';

import { DecodeEvent, FrameDecoder, MAX_PROTOCOL_MESSAGE_LENGTH, WireError, WireErrorCode, encodeFrame } from '@mbc/wire';

import { REGTEST_MAGIC, anyFrame, chunked, cutPoints, validFrame } from './arbitraries';

const ERROR_CODES = new Set<string>(Object.values(WireErrorCode));
const FRAME_HEADER_BYTES = 24;

/** Every event is one of the two typed shapes; errors are WireErrors with a known code. */
function assertTyped(event: DecodeEvent): void {
  if (event.ok) {
    if (typeof event.message?.command !== 'string' || typeof event.command !== 'string' || !Number.isInteger(event.size)) {
      throw new Error(`malformed ok event: ${String(event.command)}`);
    }
  } else if (!(event.error instanceof WireError) || !ERROR_CODES.has(event.error.code) || typeof event.fatal !== 'boolean') {
    throw new Error(`untyped error event: ${String(event.error)}`);
  }
}

function decodeAll(chunks: readonly Buffer[]): { events: DecodeEvent[]; maxBuffered: number } {
  const decoder = new FrameDecoder({ magic: REGTEST_MAGIC });
  const events: DecodeEvent[] = [];
  let maxBuffered = 0;
  let fatalSeen = false;
  for (const chunk of chunks) {
    const produced = decoder.push(chunk);
    if (fatalSeen && produced.length > 0) throw new Error('events after a fatal error');
    for (const event of produced) {
      assertTyped(event);
      if (!event.ok && event.fatal) fatalSeen = true;
    }
    events.push(...produced);
    maxBuffered = Math.max(maxBuffered, decoder.bufferedBytes);
  }
  return { events, maxBuffered };
}

export interface FuzzRunOptions {
  readonly numRuns: number;
  readonly seed?: number;
}

/** Any bytes in any chunking: push never throws, events are typed, nothing after a fatal error, buffer bounded. */
export function checkDecoderNeverThrows({ numRuns, seed }: FuzzRunOptions): void {
  fc.assert(
    fc.property(fc.array(anyFrame, { minLength: 1, maxLength: 8 }), cutPoints, (frames, cuts) => {
      const { maxBuffered } = decodeAll(chunked(Buffer.concat(frames), cuts));
      if (maxBuffered > MAX_PROTOCOL_MESSAGE_LENGTH + FRAME_HEADER_BYTES) throw new Error(`buffered ${maxBuffered} bytes`);
    }),
    { numRuns, seed },
  );
}

/** Valid frames in any chunking decode to messages that re-encode to the very same bytes. */
export function checkDecoderRoundTrip({ numRuns, seed }: FuzzRunOptions): void {
  fc.assert(
    fc.property(fc.array(validFrame, { minLength: 1, maxLength: 6 }), cutPoints, (frames, cuts) => {
      const { events } = decodeAll(chunked(Buffer.concat(frames), cuts));
      if (events.length !== frames.length) throw new Error(`${frames.length} frames gave ${events.length} events`);
      events.forEach((event, k) => {
        if (!event.ok) throw new Error(`valid frame ${k} refused: ${event.error.message}`);
        if (event.size !== frames[k].length) throw new Error(`frame ${k}: size ${event.size} != ${frames[k].length}`);
        if (!encodeFrame(REGTEST_MAGIC, event.message).equals(frames[k])) throw new Error(`frame ${k} (${event.command}) does not round-trip`);
      });
    }),
    { numRuns, seed },
  );
}
