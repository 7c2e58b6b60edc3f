import type { Page } from 'playwright-core';

export interface LowContrast {
  text: string;
  ratio: number;
  color: string;
  background: string;
}

/**
 * Every visible text on the page whose contrast with what is behind it is under WCAG AA (4.5:1,
 * or 3:1 for large text). The background is the nearest opaque one up the tree, with translucent
 * ones blended over it; disabled controls are exempt (as WCAG says), and so is text over an image.
 */
export function lowContrastTexts(page: Page): Promise<LowContrast[]> {
  return page.evaluate(String.raw`(() => {
    const parse = (c) => {
      const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
      return [Number(m[1]), Number(m[2]), Number(m[3]), a];
    };
    const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
    const luminance = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const backgroundOf = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none' && !s.backgroundImage.includes('gradient')) return null;
        const bg = parse(s.backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let result = [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const out = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const text = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (!text || el.closest('[disabled], [aria-disabled="true"], svg, option')) continue;
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden' || parseFloat(style.opacity) === 0) continue;
      const background = backgroundOf(el);
      if (!background) continue;
      const color = over(parse(style.color), background);
      const [hi, lo] = [luminance(color), luminance(background)].sort((a, b) => b - a) ;
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push({ text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100, color: style.color, background: 'rgb(' + background.slice(0, 3).map(Math.round).join(' ') + ')' });
    }
    return out;
  })()`) as Promise<LowContrast[]>;
}
