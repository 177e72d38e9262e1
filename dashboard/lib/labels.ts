// How a property and its values read in the interface: "Country is Sweden", not
// "visit:country==SE". The values themselves stay untouched for filters and exports.
import { DIRECT, propKey } from '../../protocol/stats.js';
import { filterValue, type Filter } from './filters.js';
import { locale, text } from './text.js';

let regions: Intl.DisplayNames | null | undefined;
function countryName(code: string): string {
  if (regions === undefined) {
    try {
      regions = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      regions = null;
    }
  }
  if (!regions || !/^[A-Z]{2}$/.test(code)) return code;
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

export function propertyLabel(property: string): string {
  const key = propKey(property);
  if (key !== undefined) return text.props.custom(key);
  return (text.props as unknown as Record<string, string>)[property] ?? property;
}

/** `context` holds the other filters, for versions: "Firefox 131" rather than "131". */
export function valueLabel(property: string, value: string, context: readonly Filter[] = []): string {
  if (value === '') return text.none;
  switch (property) {
    case 'visit:source':
      return value === DIRECT ? text.direct : value;
    case 'visit:country':
      return countryName(value);
    case 'visit:device':
      return text.devices[value] ?? value;
    case 'visit:browser_version':
    case 'visit:os_version': {
      const parent = filterValue(context, property === 'visit:os_version' ? 'visit:os' : 'visit:browser');
      return parent ? `${parent} ${value}` : value;
    }
    default:
      return value;
  }
}

/** "Page is not /a", "Source contains goo", "Country is Sweden or Norway". */
export function filterLabel(f: Filter, context: readonly Filter[]): string {
  // Contained text is what the owner typed, not a value to name.
  const values = f.op === 'is' || f.op === 'is_not' ? f.values.map((v) => valueLabel(f.property, v, context)) : f.values;
  return `${propertyLabel(f.property)} ${text.filters.ops[f.op]} ${values.join(` ${text.filters.or} `)}`;
}
