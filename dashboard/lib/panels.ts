// The breakdown panels and their tabs, as data: which property each tab breaks down by, which
// metrics its short list and its details show, and its CSV file. The report, the details dialog
// and the CSV export all read this one table.
import { propProperty, type Metric } from '../../protocol/stats.js';
import { text } from './text.js';

export interface TabDef {
  id: string;
  label: string;
  property: string;
  metrics: Metric[];
  detailMetrics: Metric[];
  /** name of its file in the CSV export, without .csv */
  csv: string;
  /** when a filter on `property` is set, this tab shows `drill` instead (browser → its versions) */
  drill?: TabDef;
  /** its values come only from a City location database (LAGOM_GEOIP_DB) */
  needsCityDb?: boolean;
}

export interface PanelDef {
  id: string;
  title: string;
  tabs: TabDef[];
  /** some tabs hold several properties chosen with a select (the five UTM parameters) */
  variants?: { tab: string; label: string; options: TabDef[] };
  /** the tab whose values (countries) also fill the world map above its list */
  map?: string;
}

const VISIT: Metric[] = ['visitors', 'visits', 'bounce_rate', 'visit_duration'];
// Unique conversions, total conversions and the conversion rate, as in Plausible's Goals panel.
const GOAL: Metric[] = ['visitors', 'events', 'conversion_rate'];
// The Goals tab adds the revenue of revenue goals ('–' for the others).
const GOALS: Metric[] = [...GOAL, 'total_revenue'];

function tab(id: string, label: string, property: string, csv: string, detailMetrics = VISIT, metrics: Metric[] = ['visitors']): TabDef {
  return { id, label, property, csv, metrics, detailMetrics };
}

const UTM = ['medium', 'source', 'campaign', 'content', 'term'] as const;

/** The Properties tab's property: its key is chosen later (views/breakdown.ts, export.ts). */
const CUSTOM_PROPS = propProperty('');

export function panelDefs(): PanelDef[] {
  const p = text.panels;
  const props = text.props;
  const utm = UTM.map((k) => tab(`utm_${k}`, props[`visit:utm_${k}`], `visit:utm_${k}`, `utm_${k}s`));
  return [
    {
      id: 'pages',
      title: p.pages,
      tabs: [
        tab('top', p.top, 'event:page', 'pages', ['visitors', 'pageviews', 'time_on_page', 'scroll_depth']),
        tab('entry', p.entry, 'visit:entry_page', 'entry_pages'),
        tab('exit', p.exit, 'visit:exit_page', 'exit_pages', ['visitors', 'visits']),
      ],
    },
    {
      id: 'sources',
      title: p.sources,
      tabs: [
        tab('sources', p.sources, 'visit:source', 'sources'),
        tab('channels', p.channels, 'visit:channel', 'channels'),
        tab('referrers', p.referrers, 'visit:referrer', 'referrers'),
        { ...utm[0]!, id: 'campaigns', label: p.campaigns },
      ],
      variants: { tab: 'campaigns', label: p.campaignKind, options: utm },
    },
    {
      id: 'locations',
      title: p.locations,
      tabs: [
        tab('countries', p.countries, 'visit:country', 'countries'),
        { ...tab('regions', p.regions, 'visit:region', 'regions'), needsCityDb: true },
        { ...tab('cities', p.cities, 'visit:city', 'cities'), needsCityDb: true },
      ],
      map: 'countries',
    },
    {
      id: 'devices',
      title: p.devices,
      tabs: [
        { ...tab('browsers', p.browsers, 'visit:browser', 'browsers'), drill: tab('browser_versions', props['visit:browser_version'], 'visit:browser_version', 'browser_versions') },
        { ...tab('os', p.os, 'visit:os', 'operating_systems'), drill: tab('os_versions', props['visit:os_version'], 'visit:os_version', 'os_versions') },
        tab('devices', p.deviceTypes, 'visit:device', 'devices'),
      ],
    },
    {
      id: 'goals',
      title: p.goals,
      tabs: [tab('goals', p.goalsTab, 'event:goal', 'goals', [...GOALS, 'average_revenue'], GOALS), tab('props', p.propsTab, CUSTOM_PROPS, 'props', GOAL, GOAL)],
    },
  ];
}

export const isCustomProps = (t: TabDef): boolean => t.property === CUSTOM_PROPS;
