// Types a code into a Chromium page the way a keyboard-wedge scanner does, for end-to-end tests:
// trusted key events through Chrome's input pipeline (CDP Input.dispatchKeyEvent) whose
// `timestamp` is set to the scanner's pace, so event.timeStamp shows e.g. 10 ms a key however
// slowly a loaded test machine delivers them. Driving a scan with page.keyboard.type() instead
// makes the pace and the key-hold time whatever the machine's load is (often 50–100 ms a key
// held down, which the detector rightly takes for a person).
import type { Page } from 'playwright-core';

export interface ScanOptions {
  paceMs?: number; // 10
  dwellMs?: number; // 2
  suffix?: 'Enter' | 'Tab' | null; // 'Enter'
}

function keyOf(ch: string): { key: string; code: string; vk: number; shift: boolean } {
  if (ch >= '0' && ch <= '9') return { key: ch, code: `Digit${ch}`, vk: ch.charCodeAt(0), shift: false };
  if (/^[a-z]$/i.test(ch)) return { key: ch, code: `Key${ch.toUpperCase()}`, vk: ch.toUpperCase().charCodeAt(0), shift: ch !== ch.toLowerCase() };
  if (ch === '-') return { key: '-', code: 'Minus', vk: 189, shift: false };
  throw new Error(`scanWithCdp: no key for ${JSON.stringify(ch)}`);
}

export async function scanWithCdp(page: Page, text: string, o: ScanOptions = {}): Promise<void> {
  const pace = (o.paceMs ?? 10) / 1000;
  const dwell = (o.dwellMs ?? 2) / 1000;
  const suffix = o.suffix === undefined ? 'Enter' : o.suffix;
  const cdp = await page.context().newCDPSession(page);
  try {
    let t = Date.now() / 1000;
    const sends: Promise<unknown>[] = [];
    const press = (key: string, code: string, vk: number, shift: boolean, text?: string): void => {
      const modifiers = shift ? 8 : 0;
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: text ? 'keyDown' : 'rawKeyDown', key, code, windowsVirtualKeyCode: vk, modifiers, timestamp: t, ...(text ? { text, unmodifiedText: text } : {}) }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: vk, modifiers, timestamp: t + dwell }));
      t += pace;
    };
    for (const ch of text) {
      const k = keyOf(ch);
      press(k.key, k.code, k.vk, k.shift, ch);
    }
    if (suffix === 'Enter') press('Enter', 'Enter', 13, false, '\r');
    else if (suffix === 'Tab') press('Tab', 'Tab', 9, false);
    // Sent without waiting for each other: they reach the page together, in order.
    await Promise.all(sends);
  } finally {
    await cdp.detach();
  }
}
