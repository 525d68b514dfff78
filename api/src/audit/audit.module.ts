import { Global, Module } from '@nestjs/common';
import { AuditQueryService } from './audit-query.service.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';
import { ChainHeadExporter } from './chain/chain-head-exporter.service.js';

@Global()
@Module({ providers: [AuditService, AuditQueryService, AuditResolver, ChainHeadExporter], exports: [AuditService, ChainHeadExporter] })
export class AuditModule {}
