import type { ApiError } from '../../core/graphql/api-error';
import { errorText } from '../../core/i18n/error-text';
import type { Text } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages/en';

/** Why an uploaded file was refused (`extensions.reason` of the 400 answer), each with its own message. */
const REASONS = new Set([
  'UNSUPPORTED_FILE_TYPE',
  'IMAGE_CORRUPT',
  'IMAGE_TOO_LARGE',
  'DICOM_CORRUPT',
  'DICOM_NO_PIXEL_DATA',
  'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
]);

/** The translated message for a failed upload: the file's problem when the server named one. */
export function uploadErrorText(error: ApiError): Text {
  const reason = error.extensions['reason'];
  if (typeof reason === 'string' && REASONS.has(reason)) return { key: `upload.error.${reason}` as MessageKey };
  if (error.code === 'PAYLOAD_TOO_LARGE') {
    const maxBytes = error.extensions['maxBytes'];
    return typeof maxBytes === 'number'
      ? { key: 'upload.error.PAYLOAD_TOO_LARGE', params: { mb: Math.floor(maxBytes / 1_048_576) } }
      : { key: 'upload.error.PAYLOAD_TOO_LARGE.unknown' };
  }
  if (error.code === 'EMPTY_FILE') return { key: 'upload.error.EMPTY_FILE' };
  if (error.code === 'NETWORK_ERROR') return { key: 'upload.error.NETWORK_ERROR' };
  return errorText(error);
}
