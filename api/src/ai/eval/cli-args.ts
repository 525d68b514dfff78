export type Split = 'val' | 'train' | 'all';

export interface EvalArgs {
  /** One or more dataset folders (one site each); several are evaluated in one run, one row per site. */
  datasetDirs: string[];
  /** "<region>/<version>" or "<region>" (latest version); default: the dataset's region. */
  model: string | null;
  split: Split;
  /** true/false when given; null = default rule (write for the model's own datasets, val split). */
  writeCard: boolean | null;
  modelsDir: string;
}

export const USAGE =
  'usage: npm run models:eval -- <dataset-folder> [<dataset-folder> ...] [--model <region>/<version>] [--split val|train|all] [--write-card | --no-write-card] [--models-dir models]';

export function parseArgs(argv: string[]): EvalArgs {
  const args: EvalArgs = { datasetDirs: [], model: null, split: 'val', writeCard: null, modelsDir: 'models' };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--model') args.model = value(i++, arg);
    else if (arg === '--models-dir') args.modelsDir = value(i++, arg);
    else if (arg === '--split') {
      const split = value(i++, arg);
      if (split !== 'val' && split !== 'train' && split !== 'all') throw new Error(`--split must be val, train or all, got "${split}"\n${USAGE}`);
      args.split = split;
    } else if (arg === '--write-card') args.writeCard = true;
    else if (arg === '--no-write-card') args.writeCard = false;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else if (args.datasetDirs.includes(arg)) throw new Error(`the dataset folder "${arg}" is given twice\n${USAGE}`);
    else args.datasetDirs.push(arg);
  }
  if (args.datasetDirs.length === 0) throw new Error(`the dataset folder is missing\n${USAGE}`);
  return args;
}
