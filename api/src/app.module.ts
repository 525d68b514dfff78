import { join } from 'node:path';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MonitoringModule } from './ai/monitoring/monitoring.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BreakGlassModule } from './break-glass/break-glass.module.js';
import { formatGraphqlError } from './common/format-error.js';
import { AppErrorFilter } from './common/app-error.filter.js';
import { queryLimitsRule } from './common/graphql-limits.js';
import { rootFieldLimitRule } from './common/graphql-root-fields.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { AppRoleCheck } from './database/app-role-check.service.js';
import { ConnectionWarmer } from './database/connection-warmer.service.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { EventsModule } from './events/events.module.js';
import { CallsModule } from './calls/calls.module.js';
import { ConsultsModule } from './consults/consults.module.js';
import { FollowUpModule } from './follow-up/follow-up.module.js';
import { HealthModule } from './health/health.module.js';
import { ImagingModule } from './imaging/imaging.module.js';
import { DicomNetworkModule } from './imaging/dicom-network/dicom-network.module.js';
import { PacsModule } from './pacs/pacs.module.js';
import { PatientsModule } from './patients/patients.module.js';
import { StorageModule } from './storage/storage.module.js';
import { TrainingModule } from './training/training.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { SessionSockets, type WsContext } from './identity/session-sockets.js';
import { PolicyModule } from './policy/policy.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Tests keep PGlite in memory; the app keeps it on disk. */
  pglite?: 'disk' | 'memory';
  /** Where the generated schema is written; false in tests so they do not race on the file. */
  schemaFile?: string | false;
}

@Global()
@Module({})
class ConfigModule {
  static register(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/** The whole API: one module per domain, GraphQL (HTTP + graphql-ws) in front, TypeORM behind. */
@Module({})
export class AppModule {
  static register({ config, pglite = 'disk', schemaFile = join(process.cwd(), 'api/schema.gql') }: AppModuleOptions): DynamicModule {
    const logger = new Logger('GraphQL');
    return {
      module: AppModule,
      providers: [{ provide: APP_FILTER, useClass: AppErrorFilter }, ConnectionWarmer, AppRoleCheck],
      imports: [
        ConfigModule.register(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config, pglite), migrationsRun: false }),
        EventsModule,
        AuditModule,
        PolicyModule,
        IdentityModule,
        HealthModule,
        StorageModule,
        PatientsModule,
        ImagingModule,
        DicomNetworkModule,
        PacsModule,
        ConsultsModule,
        CallsModule,
        TrainingModule,
        BreakGlassModule,
        FollowUpModule,
        MonitoringModule,
        DashboardModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [IdentityModule],
          inject: [SessionSockets],
          useFactory: (sockets: SessionSockets) => ({
            autoSchemaFile: schemaFile === false ? true : schemaFile,
            sortSchema: true,
            path: '/graphql',
            playground: false,
            introspection: config.nodeEnv !== 'production',
            csrfPrevention: true,
            // Nothing sets cache hints (every answer is per person); the plugin would still run a hook per field.
            plugins: [ApolloServerPluginCacheControlDisabled()],
            validationRules: [queryLimitsRule(config.graphqlMaxDepth, config.graphqlMaxCost), rootFieldLimitRule()],
            formatError: formatGraphqlError(logger, { hideSuggestions: config.nodeEnv === 'production' }),
            includeStacktraceInErrorResponses: false,
            context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
            subscriptions: {
              'graphql-ws': {
                path: '/graphql',
                // Sign-in happens once per socket; the session is re-checked before every operation and event.
                onConnect: (ctx: WsContext) => sockets.connect(ctx),
                onSubscribe: (ctx: WsContext) => sockets.beforeOperation(ctx),
                onNext: (ctx: WsContext) => sockets.beforeEvent(ctx),
                onClose: (ctx: WsContext) => sockets.disconnect(ctx),
                context: (ctx: WsContext) => sockets.context(ctx),
              },
            },
          }),
        }),
      ],
    };
  }
}
