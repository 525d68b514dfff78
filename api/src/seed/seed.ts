import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { migrate } from '../database/migrate.js';
import { DEMO_USERS } from './demo-region.js';
import { seedDemo } from './seed-demo.js';

/** `npm run seed`: the demo region and its sign-in details. */
async function main() {
  const config = loadConfig();
  await migrate(config);
  // Seeded as the API would write it: with the app role's rights.
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    const created = await seedDemo(dataSource);
    console.log(created ? 'Demo region created. Sign in with:' : 'Demo region already present. Sign in with:');
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(16)} ${u.username.padEnd(12)} ${u.password}`);
    if (config.mfaRequiredRoles.length > 0) {
      console.log(`  ${config.mfaRequiredRoles.join(' and ')}: set up an authenticator app (QR code) at the first sign-in, then enter its code after the password.`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
