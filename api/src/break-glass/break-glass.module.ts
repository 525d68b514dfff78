import { Module } from '@nestjs/common';
import { BreakGlassResolver } from './break-glass.resolver.js';
import { BreakGlassService } from './break-glass.service.js';

@Module({ providers: [BreakGlassService, BreakGlassResolver] })
export class BreakGlassModule {}
