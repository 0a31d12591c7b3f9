import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ReadinessCheck } from '@mahir/runtime';
import { PdfRenderer, type PdfRendererOptions } from './pdf-renderer';

export const RENDERER_OPTIONS = Symbol('RENDERER_OPTIONS');

/** The process's one Chromium, started with the app and closed on shutdown; ready once it is connected. */
@Injectable()
export class CertificateRenderer implements OnModuleInit, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'chromium';
  private readonly renderer: PdfRenderer;
  private started?: Promise<void>;

  constructor(@Inject(RENDERER_OPTIONS) options: PdfRendererOptions) {
    this.renderer = new PdfRenderer(options);
  }

  onModuleInit() {
    this.started = this.renderer.start();
    return this.started;
  }

  async render(html: string, orientation: 'landscape' | 'portrait' = 'landscape'): Promise<Buffer> {
    await this.started;
    return this.renderer.render(html, orientation);
  }

  async check() {
    if (!this.renderer.running) throw new Error('chromium is not running');
  }

  async onApplicationShutdown() {
    await this.renderer.close();
  }
}
