import { Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ConfirmHost } from './shared/confirm/confirm-host';
import { ToastOutlet } from './shared/toast/toast-outlet';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, ConfirmHost, ToastOutlet],
  template: `
    <router-outlet />
    <app-confirm-host />
    <app-toast-outlet />
  `,
})
export class App {}
