import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { FieldCipher } from './field-cipher.js';
import { Keyring } from './keyring.js';

/** The keyring (master key from the configuration, data keys in the database) and the column cipher on it. */
@Module({
  providers: [
    {
      provide: Keyring,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: (config: AppConfig, dataSource: DataSource) => new Keyring({ current: config.masterKey, previous: config.previousMasterKeys }, dataSource),
    },
    { provide: FieldCipher, inject: [Keyring], useFactory: (keys: Keyring) => new FieldCipher(keys) },
  ],
  exports: [Keyring, FieldCipher],
})
export class EncryptionModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Encryption');

  constructor(private readonly keys: Keyring) {}

  /** Master-key rotation: a start with a new OASIS_MASTER_KEY re-wraps the data keys the old one wrapped. */
  async onApplicationBootstrap() {
    try {
      const rewrapped = await this.keys.rewrapAll();
      if (rewrapped > 0) this.logger.log({ msg: 'data keys re-wrapped with the current master key', rewrapped, masterKeyId: this.keys.currentMasterKeyId });
    } catch (error) {
      // Not fatal at start (the schema may still be migrating); reads with an unknown key fail loudly on their own.
      this.logger.warn({ msg: 'data keys could not be re-wrapped', error: (error as Error).message });
    }
  }
}
