/** The `extensions` (code and details) of the first error in a JSON error answer, GraphQL or REST. */
export async function errorExtensionsOf(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
  return body.errors[0].extensions;
}
