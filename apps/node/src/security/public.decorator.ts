import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'mbc:public';

/** Marks a route that needs no API token (health probes and metrics scrapes). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
