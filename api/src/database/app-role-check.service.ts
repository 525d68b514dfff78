import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Sql } from './ensure-role.js';

/** Why the connection's role is not a least-privilege app role, or null when it is. */
export async function appRoleProblem(sql: Sql): Promise<string | null> {
  const [me] = await sql.query(
    `SELECT current_user AS name, rolsuper AS superuser, (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
     FROM pg_roles r WHERE rolname = current_user`,
  );
  if (me.superuser) return `the API connects as ${me.name}, a superuser`;
  if (me.owned > 0) return `the API connects as ${me.name}, which owns ${me.owned} tables, indexes or sequences (the owner role)`;
  return null;
}

/**
 * The API must run as the app role (README, Security: Database roles): in production it refuses to start as
 * a superuser or the owner; elsewhere it says so once.
 */
@Injectable()
export class AppRoleCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(AppRoleCheck.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap() {
    const problem = await appRoleProblem(this.dataSource);
    if (!problem) return;
    const message = `${problem}: set DATABASE_URL to the app role and DATABASE_OWNER_URL to the owner (README, Security: Database roles)`;
    if (this.config.nodeEnv === 'production') throw new Error(message);
    this.logger.warn(message);
  }
}
