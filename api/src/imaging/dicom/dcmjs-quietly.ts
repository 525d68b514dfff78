import dcmjs from 'dcmjs';

/**
 * Runs a synchronous dcmjs call with its console logging muted. dcmjs logs about odd but valid input (e.g.
 * "Invalid vr type ox" for implicit-VR PixelData); we report problems as ImagingErrors instead.
 */
export function quietly<T>(run: () => T): T {
  const loggers = [dcmjs.log, dcmjs.log.getLogger('validation.dcmjs')];
  const levels = loggers.map((logger) => logger.getLevel());
  loggers.forEach((logger) => logger.setLevel('silent', false));
  try {
    return run();
  } finally {
    loggers.forEach((logger, i) => logger.setLevel(levels[i]!, false));
  }
}
