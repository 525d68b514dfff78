import { resolve } from 'node:path';

/**
 * The labelled datasets beside the checkout (../shared/datasets, as on every developer machine and in CI).
 * Tests read them at run time; they are never copied into the repository.
 */
export const DATASETS_DIR = resolve(process.env.OASIS_DATASETS_DIR ?? '../shared/datasets');

/** Real scanners' DICOM files (../shared/realdicom: files/, MANIFEST.tsv, manifest.json), read at test time. */
export const REALDICOM_DIR = resolve(process.env.OASIS_REALDICOM_DIR ?? '../shared/realdicom');
