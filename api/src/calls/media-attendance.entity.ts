import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One connection of one user to one media room, as the media service reported it. A reconnect is a new
 * peer (a new row), so attendance is the sum of a user's rows; a row without `leftAt` is still connected.
 */
@Entity('media_attendance')
export class MediaAttendance {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  peerId: string;

  @Column({ type: 'varchar', length: 80 })
  room: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'timestamptz', nullable: true })
  joinedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  leftAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  leftReason: string | null;
}
