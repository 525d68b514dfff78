import { DOCUMENT } from '@angular/common';
import { Injector } from '@angular/core';
import { installStorage } from '../../../testing/memory-storage';
import { I18n, LOCALE_STORAGE_KEY } from './i18n.service';
import { en, type MessageKey } from './messages/en';
import { ug } from './messages/ug';
import { zh } from './messages/zh';

/** The service with a stand-in for <html>, whose lang and dir it owns. */
function create() {
  const documentElement = { lang: '', dir: '' };
  const injector = Injector.create({
    providers: [
      { provide: DOCUMENT, useValue: { documentElement } },
      { provide: I18n, useFactory: () => new I18n() },
    ],
  });
  return { i18n: injector.get(I18n), root: documentElement };
}

describe('I18n', () => {
  beforeEach(() => installStorage('localStorage'));

  it('starts in English, left to right', () => {
    const { i18n, root } = create();
    expect(i18n.t('common.save')).toBe('Save');
    expect(root).toEqual({ lang: 'en', dir: 'ltr' });
  });

  it('fills placeholders and leaves unknown ones as written', () => {
    const { i18n } = create();
    const key = (Object.keys(en) as MessageKey[]).find((k) => /\{\w+\}/.test(en[k]))!;
    const name = /\{(\w+)\}/.exec(en[key])![1];
    expect(i18n.t(key, { [name]: 42 })).toContain('42');
    expect(i18n.t(key, { other: 1 })).toContain(`{${name}}`);
  });

  it('shows the key itself for a text it does not know, rather than nothing', () => {
    const { i18n } = create();
    expect(i18n.t('no.such.key' as MessageKey)).toBe('no.such.key');
    expect(i18n.isKey('common.save')).toBe(true);
    expect(i18n.isKey('no.such.key')).toBe(false);
  });

  it('switches to Uyghur right to left once its texts are loaded, and remembers the choice', async () => {
    const { i18n, root } = create();
    const switching = i18n.setLocale('ug');
    expect(i18n.requested()).toBe('ug');
    await switching;
    expect(i18n.locale()).toBe('ug');
    expect(i18n.t('common.save')).toBe(ug['common.save']);
    expect(root).toEqual({ lang: 'ug', dir: 'rtl' });
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ug');
  });

  it('shows the language asked for last when two switches overlap', async () => {
    const { i18n, root } = create();
    await Promise.all([i18n.setLocale('ug'), i18n.setLocale('zh')]);
    expect(i18n.locale()).toBe('zh');
    expect(i18n.t('common.save')).toBe(zh['common.save']);
    expect(root.dir).toBe('ltr');
  });

  it('starts in the stored language', async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'zh');
    const { i18n } = create();
    await i18n.start();
    expect(i18n.locale()).toBe('zh');
  });

  it('adopts a profile’s language only when it is one of ours', async () => {
    const { i18n } = create();
    i18n.adopt('fr');
    i18n.adopt(null);
    expect(i18n.requested()).toBe('en');
    i18n.adopt('ug');
    expect(i18n.requested()).toBe('ug');
  });

  it('writes dates and numbers the way the language on screen does', async () => {
    const { i18n } = create();
    expect(i18n.dateTime('2026-11-27T09:30:00')).toContain('27 Nov 2026');
    expect(i18n.number(1234567)).toBe('1,234,567');
    await i18n.setLocale('zh');
    expect(i18n.dateTime(new Date('2026-11-27T09:30:00'))).toContain('2026年11月27日');
  });
});
