import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EncryptionModule } from '../encryption/encryption.module.js';
import { createRateLimiter, RATE_LIMITER, type RateLimiter } from '../common/rate-limiter.js';
import { AuthGuard } from './auth.guard.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { ForgedTokenReporter } from './forged-token-reporter.service.js';
import { InstitutionsResolver } from './institutions.resolver.js';
import { InstitutionsService } from './institutions.service.js';
import { MfaChallengeService } from './mfa/mfa-challenge.service.js';
import { MfaResolver } from './mfa/mfa.resolver.js';
import { MfaSignInService } from './mfa/mfa-sign-in.service.js';
import { MfaService } from './mfa/mfa.service.js';
import { UserMfaResolver } from './mfa/user-mfa.resolver.js';
import { PasswordService } from './password.service.js';
import { SessionSockets } from './session-sockets.js';
import { TokenService } from './token.service.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [EncryptionModule],
  providers: [
    { provide: RATE_LIMITER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRateLimiter(config.redisUrl) },
    { provide: APP_GUARD, useClass: AuthGuard },
    PasswordService,
    TokenService,
    ForgedTokenReporter,
    AuthService,
    SessionSockets,
    UsersService,
    InstitutionsService,
    AuthResolver,
    UsersResolver,
    InstitutionsResolver,
    MfaChallengeService,
    MfaService,
    MfaSignInService,
    MfaResolver,
    UserMfaResolver,
  ],
  exports: [AuthService, SessionSockets, PasswordService, RATE_LIMITER],
})
export class IdentityModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMITER) private readonly rateLimiter: RateLimiter) {}

  async onApplicationShutdown() {
    await this.rateLimiter.close();
  }
}
