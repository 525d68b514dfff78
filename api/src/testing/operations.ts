import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { IS_PUBLIC } from '../common/auth.decorators.js';
import type { TestApp } from './test-app.js';

export interface Operation {
  /** `Query.study`, `Mutation.createStudy`, `Subscription.preReadUpdated`, or `GET /images/:id`. */
  key: string;
  /** A REST route marked @Public(): answers without a signed-in user. */
  public: boolean;
}

const joinPath = (...parts: string[]) => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');

/**
 * Every GraphQL root field of the running app's schema and every REST route of its controllers (from Nest's
 * route metadata), so a spec can insist that each one is covered.
 */
export function operationsOf(t: TestApp): Operation[] {
  const schema = t.app.get(GraphQLSchemaHost).schema;
  const operations: Operation[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } & object;
      const base: string = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name] as object;
        const method: RequestMethod | undefined = typeof handler === 'function' ? Reflect.getMetadata(METHOD_METADATA, handler) : undefined;
        if (method === undefined) continue;
        const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller));
        // A handler may answer several paths (@Get(['a', 'b'])): each is a route of its own.
        const paths: string[] = [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat();
        for (const path of paths) operations.push({ key: `${RequestMethod[method]} ${joinPath(base, path)}`, public: isPublic });
      }
    }
  }
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.keys(type?.getFields() ?? {})) operations.push({ key: `${type!.name}.${field}`, public: false });
  }
  return operations;
}
