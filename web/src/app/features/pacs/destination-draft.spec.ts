import { describe, expect, it } from '@jest/globals';
import { emptyDestination, toDestinationInput } from './destination-draft';

describe('PACS destination draft', () => {
  it('sends only the fields of the chosen way to reach the PACS', () => {
    const draft = { ...emptyDestination('inst'), label: ' County PACS ', aeTitle: ' ORTHANC ', host: 'pacs.local', port: 4242, dicomwebUrl: 'http://left/over' };
    expect(toDestinationInput(draft)).toEqual({ institutionId: 'inst', label: 'County PACS', aeTitle: 'ORTHANC', host: 'pacs.local', port: 4242 });
    expect(toDestinationInput({ ...draft, via: 'dicomweb', dicomwebUrl: ' http://pacs:8042/dicom-web ' })).toEqual({ institutionId: 'inst', label: 'County PACS', dicomwebUrl: 'http://pacs:8042/dicom-web' });
  });
});
