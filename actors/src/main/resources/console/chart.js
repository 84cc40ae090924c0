// A small live line chart drawn on a canvas: the last points of one series, newest on the right.
import { h } from './dom.js';

const POINTS = 90;

/** A titled chart in a figure; push(value) adds a point (null leaves a gap) and redraws. */
export class LineChart {
  constructor(title, unit, format = (v) => formatNumber(v)) {
    this.unit = unit;
    this.format = format;
    this.values = [];
    this.canvas = h('canvas', { width: 360, height: 140 });
    this.reading = h('span', { class: 'reading' }, '–');
    this.element = h('figure', { class: 'chart', 'data-chart': title },
      h('figcaption', {}, title, ' ', this.reading), this.canvas);
  }

  push(value) {
    this.values.push(value);
    if (this.values.length > POINTS) this.values.shift();
    this.reading.textContent = value === null ? '–' : `${this.format(value)} ${this.unit}`;
    this.element.dataset.samples = String(this.values.length);
    this.draw();
  }

  draw() {
    const ratio = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth || 360;
    const height = this.canvas.clientHeight || 140;
    if (this.canvas.width !== Math.round(width * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const g = this.canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const style = getComputedStyle(this.canvas);
    const known = this.values.filter((v) => v !== null);
    const max = niceCeiling(Math.max(0, ...known));
    const left = 44;
    const top = 8;
    const plotWidth = width - left - 6;
    const plotHeight = height - top - 18;
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = style.getPropertyValue('--muted').trim() || '#777';
    g.strokeStyle = style.getPropertyValue('--grid').trim() || '#ddd';
    g.lineWidth = 1;
    for (const fraction of [0, 0.5, 1]) {
      const y = top + plotHeight * (1 - fraction);
      g.beginPath();
      g.moveTo(left, y + 0.5);
      g.lineTo(left + plotWidth, y + 0.5);
      g.stroke();
      g.fillText(formatNumber(max * fraction), 2, y + 4);
    }
    g.fillText(`last ${POINTS} samples`, left, height - 3);
    g.strokeStyle = style.getPropertyValue('--accent').trim() || '#2563eb';
    g.lineWidth = 2;
    g.beginPath();
    let drawing = false;
    let last = null;
    const step = plotWidth / (POINTS - 1);
    const offset = POINTS - this.values.length;
    this.values.forEach((value, i) => {
      last = null;
      if (value === null) {
        drawing = false;
        return;
      }
      const x = left + (offset + i) * step;
      const y = top + plotHeight * (1 - (max === 0 ? 0 : value / max));
      if (drawing) g.lineTo(x, y);
      else g.moveTo(x, y);
      drawing = true;
      last = [x, y];
    });
    g.stroke();
    if (last) {
      // The newest value as a dot, so that a single sample shows too.
      g.fillStyle = g.strokeStyle;
      g.beginPath();
      g.arc(last[0], last[1], 3, 0, 2 * Math.PI);
      g.fill();
    }
  }
}

function niceCeiling(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function formatNumber(value) {
  if (value === null || value === undefined) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  return value.toFixed(abs >= 1 ? 1 : 3);
}
