import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A note between the township doctor and the specialist on one case. */
@ObjectType()
@Entity('consult_message')
export class ConsultMessage {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  consultId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  authorId: string;

  @Field()
  @Column({ type: 'varchar', length: 4000 })
  body: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
