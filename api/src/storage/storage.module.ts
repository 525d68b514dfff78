import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EncryptionModule } from '../encryption/encryption.module.js';
import { Keyring } from '../encryption/keyring.js';
import { BLOB_STORE, DiskBlobStore } from './blob-store.js';

@Global()
@Module({
  imports: [EncryptionModule],
  providers: [
    { provide: BLOB_STORE, inject: [APP_CONFIG, Keyring], useFactory: (config: AppConfig, keys: Keyring) => new DiskBlobStore(join(config.dataDir, 'blobs'), keys) },
  ],
  exports: [BLOB_STORE],
})
export class StorageModule {}
