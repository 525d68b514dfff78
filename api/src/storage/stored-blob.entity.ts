import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A file stored once under its SHA-256, however many studies refer to it. */
@Entity('stored_blob')
export class StoredBlob {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
