import { Foundation1764200000000 } from './1764200000000-foundation.js';
import { ImagingAi1764300000000 } from './1764300000000-imaging-ai.js';
import { Consults1764400000000 } from './1764400000000-consults.js';
import { Calls1764500000000 } from './1764500000000-calls.js';
import { Training1764700000000 } from './1764700000000-training.js';
import { SpecialistFocus1764600000000 } from './1764600000000-specialist-focus.js';
import { PreReadRefused1765300000000 } from './1765300000000-pre-read-refused.js';

/** Every migration, oldest first. One list for PGlite and PostgreSQL. */
export const MIGRATIONS = [Foundation1764200000000, ImagingAi1764300000000, Consults1764400000000, Calls1764500000000, SpecialistFocus1764600000000, Training1764700000000, PreReadRefused1765300000000];
