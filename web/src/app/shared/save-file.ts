/** A downloaded file, named as the server suggests. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** Saves a blob under a name through a temporary object URL. */
export function saveFile({ blob, fileName }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
