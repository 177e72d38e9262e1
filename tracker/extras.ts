// The extras of the generic /lagom.js, built to lagom-extras.js and loaded by it only when the
// embed has `data-extras` (its size budget has no room for them; docs/tracker.md, "Size"):
// engagement time and scroll depth, outbound link clicks, file downloads and tagged elements.
// A site's own script (/js/<domain>.js) holds the ones its settings enable instead.
import type { Lagom } from './shared/api.js';
import { clicks } from './features/clicks.js';
import { engagement } from './features/engagement.js';

// The core replaced the page's stub with its own function before loading this file.
const lagom = (self as unknown as { lagom: Lagom }).lagom;
engagement(lagom);
clicks(lagom);
