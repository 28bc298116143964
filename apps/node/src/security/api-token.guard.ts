import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Metadata } from '@grpc/grpc-js';
import { FastifyRequest } from 'fastify';

import { AppError, AppErrorCode } from '../errors/app-error';
import { IS_PUBLIC } from './public.decorator';
import { TokenVerifier } from './token-verifier';

/** Guards every REST route and gRPC method unless marked `@Public()`. */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.verifier.required) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    if (this.verifier.verifyAuthorization(authorizationOf(context))) return true;
    throw new AppError(AppErrorCode.Unauthenticated, 'authorization: a valid "Bearer <apiToken>" is required');
  }
}

function authorizationOf(context: ExecutionContext): string | undefined {
  if (context.getType() === 'rpc') {
    const [value] = context.switchToRpc().getContext<Metadata>().get('authorization');
    return typeof value === 'string' ? value : undefined;
  }
  return context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
}
