import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';

/** Why an uploaded file cannot be used; each reason has its own stable code. */
export type ImagingProblem =
  | 'UNSUPPORTED_FILE_TYPE'
  | 'IMAGE_CORRUPT'
  | 'IMAGE_TOO_LARGE'
  | 'DICOM_CORRUPT'
  | 'DICOM_NO_PIXEL_DATA'
  | 'DICOM_UNSUPPORTED_TRANSFER_SYNTAX'
  | 'DICOM_UNSUPPORTED_PIXELS'
  | 'IMAGE_DECODE_FAILED';

export class ImagingError extends AppError {
  constructor(
    readonly problem: ImagingProblem,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, { reason: problem, ...details });
  }
}
