import { Component, effect, ElementRef, input, viewChild } from '@angular/core';

/** Plays one received audio track (video elements stay muted: audio has its own element per track). */
@Component({
  selector: 'app-remote-audio',
  template: `<audio #audio autoplay></audio>`,
  styles: `:host { display: none; }`,
})
export class RemoteAudio {
  readonly track = input.required<MediaStreamTrack>();
  private readonly audio = viewChild.required<ElementRef<HTMLAudioElement>>('audio');

  constructor() {
    effect(() => {
      this.audio().nativeElement.srcObject = new MediaStream([this.track()]);
    });
  }
}
