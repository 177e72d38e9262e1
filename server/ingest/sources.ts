import table from './sources.json' with { type: 'json' };

// Host → readable source name, from the data table in sources.json.
const byHost = new Map<string, string>();
for (const [group, entries] of Object.entries(table)) {
  if (group.startsWith('_')) continue;
  for (const [name, hosts] of Object.entries(entries as Record<string, string[]>)) {
    for (const host of hosts) byHost.set(host, name);
  }
}

// UTM sources are free text: map the common spellings of the same network to one name.
const ALIASES = new Map(
  [...byHost.values()].map((name) => [name.toLowerCase(), name] as const).concat([
    ['fb', 'Facebook'],
    ['ig', 'Instagram'],
    ['tw', 'Twitter'],
    ['x', 'Twitter'],
    ['hn', 'Hacker News'],
    ['newsletter', 'Newsletter'],
  ]),
);

/** "www.google.se" → "Google"; an unknown host stays itself; a UTM value maps by alias. */
export function sourceForReferrer(hostOrTag: string): string {
  const value = hostOrTag.trim().toLowerCase().replace(/^www\./, '');
  if (!value) return '';
  const alias = ALIASES.get(value);
  if (alias) return alias;
  const labels = value.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const name = byHost.get(labels.slice(i).join('.'));
    if (name) return name;
  }
  return labels.length > 1 ? value : hostOrTag.trim().slice(0, 100);
}
