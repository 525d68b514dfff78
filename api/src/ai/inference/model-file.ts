import * as ort from 'onnxruntime-node';
import type { ModelCard } from './model-card.js';

/** A model.onnx that cannot be a version of the product's models, with every reason. */
export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

/**
 * Opens the graph once (CPU) and checks it against its card: it must parse, take the card's input and give
 * every output the card lists. Done at registration, so that a truncated or foreign file is refused there,
 * naming the file, instead of failing every pre-read later.
 */
export async function checkModelFile(path: string, card: ModelCard): Promise<void> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'], graphOptimizationLevel: 'disabled' });
  } catch (error) {
    throw new ModelFileError(path, [`not a loadable ONNX graph (${(error as Error).message.split('\n')[0]})`]);
  }
  try {
    const problems: string[] = [];
    for (const input of card.inputs) if (!session.inputNames.includes(input.name)) problems.push(`the graph has no input "${input.name}" (it has ${session.inputNames.join(', ')})`);
    for (const output of card.outputs) if (!session.outputNames.includes(output.name)) problems.push(`the graph has no output "${output.name}" (it has ${session.outputNames.join(', ')})`);
    if (problems.length > 0) throw new ModelFileError(path, problems);
  } finally {
    await session.release();
  }
}
