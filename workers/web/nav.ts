/**
 * The console's main navigation, in order. A module that adds a page adds one line here
 * (and its route in `console.tsx`); `Layout` marks the entry whose `href` is the current path.
 */
export interface NavEntry {
  href: string;
  zh: string;
  en: string;
}

export const consoleNav: NavEntry[] = [
  { href: '/', zh: '企业', en: 'Companies' },
  // ---- devices ----
  { href: '/devices', zh: '设备与计费', en: 'Devices' },
  { href: '/nodes', zh: '设备节点', en: 'Device nodes' },
  { href: '/billing-ops', zh: '计费上报', en: 'Usage reports' },
];
