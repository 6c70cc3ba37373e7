// Remembers the main window's size, position and maximized state between runs.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { x: 0, y: 0, width: 1280, height: 800 }, maximized: false };

function isState(v: unknown): v is WindowState {
  const s = v as WindowState;
  return !!s && typeof s.maximized === 'boolean' && !!s.bounds &&
    ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((s.bounds as unknown as Record<string, number>)[k]));
}

export function loadWindowState(dir: string, visible: (r: Rectangle) => boolean): WindowState {
  try {
    const s: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'window-state.json'), 'utf8'));
    if (isState(s) && s.bounds.width >= 640 && s.bounds.height >= 480 && visible(s.bounds)) return s;
  } catch {
    // first start or an unreadable file: use the default
  }
  return DEFAULT;
}

export function trackWindowState(win: BrowserWindow, dir: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'window-state.json'), JSON.stringify(state));
    } catch {
      // not worth bothering the user about
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', save);
  win.on('unmaximize', save);
  win.on('close', save);
}
