// Cluster: the members this node knows of, which member hosts which module, and recent moves.
import { getJson } from './api.js';
import { every, fill, h, table } from './dom.js';

export function clusterView(root) {
  const members = h('section', {}, h('h2', {}, 'Members'));
  const placement = h('section', {}, h('h2', {}, 'Modules by member'));
  const moves = h('section', {}, h('h2', {}, 'Recent moves'));
  fill(root, members, placement, moves);
  const box = (section) => section.appendChild(h('div'));
  const [membersBox, placementBox, movesBox] = [box(members), box(placement), box(moves)];
  return every(3000, async () => {
    const [cluster, placed] = await Promise.all([getJson('/v1/cluster'), getJson('/v1/cluster/placement')]);
    fill(membersBox, table(['address', 'status', 'roles', 'reachable', ''],
      cluster.members.map((m) => [m.address, h('span', { class: `status ${m.status}` }, m.status),
        m.roles.join(', '), m.reachable ? 'yes' : 'NO',
        [m.self ? 'this node' : '', m.address === cluster.leader ? 'leader' : ''].filter(Boolean).join(', ')]),
      { id: 'members' }));
    fill(placementBox, table(['module', 'member', 'shard'],
      placed.modules.map((m) => [m.name, m.address ?? 'not running', m.shard]), { id: 'placement' }));
    fill(movesBox, placed.moves.length === 0
      ? h('p', { class: 'muted' }, 'No module has moved since this node started watching.')
      : table(['seen at', 'module', 'from', 'to'],
        placed.moves.map((m) => [new Date(m.at).toLocaleTimeString(), m.module, m.from, m.to]), { id: 'moves' }));
  });
}
