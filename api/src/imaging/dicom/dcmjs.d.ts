// dcmjs ships no type declarations; this describes only the part Oasis uses (reading and writing Part 10).
declare module 'dcmjs' {
  /** A dataset keyed by 8-hex-digit tag ("7FE00010"), as dcmjs reads and writes it. */
  export type DenaturalizedDataset = Record<string, { vr: string; Value?: unknown[] }>;
  /** A dataset keyed by DICOM keyword ("PixelData"), single values unwrapped. */
  export type NaturalizedDataset = Record<string, unknown>;

  export class DicomDict {
    constructor(meta: DenaturalizedDataset);
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  export interface ReadOptions {
    ignoreErrors?: boolean;
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  interface Logger {
    setLevel(level: string | number, persist?: boolean): void;
    getLevel(): number;
  }

  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: ReadOptions): DicomDict };
      DicomMetaDictionary: {
        naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
        denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
        uid(): string;
      };
    };
    log: Logger & { getLogger(name: string): Logger };
  };
  export default dcmjs;
}
