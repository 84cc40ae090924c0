// Log: the node's binary log as its metrics show it, live: segments, bytes, force latency, batches.
import { LineChart } from './chart.js';
import { fill, h } from './dom.js';

export function logView(root, ctx) {
  const segments = new LineChart('Segments', 'files');
  const bytes = new LineChart('Appended bytes per second', 'B/s');
  const total = new LineChart('Appended bytes in all', 'B');
  const force = new LineChart('Force (fsync) latency, mean', 'ms');
  const forces = new LineChart('Forces per second', '/s');
  const batch = new LineChart('Frames per group commit, mean', 'frames');
  const scrub = h('p', { class: 'muted', id: 'scrub' });
  fill(root, h('section', {}, h('h2', {}, 'Binary log of this node'),
    h('p', { class: 'muted' }, 'From GET /metrics, scraped every 2 s; rates and means are over each interval.'),
    h('div', { class: 'charts', id: 'log-charts' },
      [segments, total, bytes, force, forces, batch].map((c) => c.element)), scrub));
  return ctx.metrics.listen((interval) => {
    segments.push(interval.latest('interstice_journal_segments'));
    total.push(interval.latest('interstice_journal_appended_bytes_total'));
    bytes.push(interval.rate('interstice_journal_appended_bytes_total'));
    const mean = interval.mean('interstice_journal_force_seconds');
    force.push(mean === null ? null : mean * 1000);
    forces.push(interval.rate('interstice_journal_force_seconds_count'));
    batch.push(interval.mean('interstice_journal_write_batch_frames'));
    scrub.textContent = `background scrub: ${interval.latest('interstice_journal_scrub_passes_total')} passes, `
      + `${interval.latest('interstice_journal_scrub_findings_total')} damaged regions found`;
  });
}
