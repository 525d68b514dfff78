import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { BLOB_STORE, DiskBlobStore } from './blob-store.js';

@Global()
@Module({
  providers: [{ provide: BLOB_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new DiskBlobStore(join(config.dataDir, 'blobs')) }],
  exports: [BLOB_STORE],
})
export class StorageModule {}
