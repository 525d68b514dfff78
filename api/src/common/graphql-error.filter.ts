import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * Expected GraphQL errors (AppError and friends) go straight back to the client; formatGraphqlError gives
 * them their final shape. Without this, Nest logs each wrong password as a server error with a stack.
 */
@Catch(GraphQLError)
export class GraphqlErrorFilter implements GqlExceptionFilter {
  catch(error: GraphQLError) {
    return error;
  }
}
