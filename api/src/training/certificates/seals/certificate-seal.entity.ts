import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An issuing institution's seal: printed on the certificates its courses issue from now on. */
@ObjectType()
@Entity('certificate_seal')
export class CertificateSeal {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  institutionId: string;

  @Column({ type: 'char', length: 64 })
  pngSha256: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  width: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  height: number;

  @Column({ type: 'uuid' })
  setBy: string;

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  setAt: Date;

  @Field({ description: 'Authenticated GET of the seal (PNG)' })
  get imageUrl(): string {
    return `/certificates/seals/${this.institutionId}.png`;
  }
}
