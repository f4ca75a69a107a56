import { useEffect, useState } from 'react';

export const SCREENS = [
  { key: 'plan', title: 'Plan' },
  { key: 'deploy', title: 'Deploy' },
  { key: 'benchmarks', title: 'Benchmarks' },
  { key: 'explore', title: 'Explore' },
] as const;

export type ScreenKey = (typeof SCREENS)[number]['key'];

export interface Route {
  screen: ScreenKey;
  params: URLSearchParams;
}

/** "#/deploy?model=x" → { screen: 'deploy', params: model=x }; anything unknown is the Plan screen. */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = body.split('?', 2);
  const screen = SCREENS.find((s) => s.key === path)?.key ?? 'plan';
  return { screen, params: new URLSearchParams(query) };
}

export function hrefFor(screen: ScreenKey, params?: Record<string, string | number>): string {
  const query = params
    ? new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()
    : '';
  return `#/${screen}${query ? `?${query}` : ''}`;
}

export function navigate(screen: ScreenKey, params?: Record<string, string | number>): void {
  window.location.hash = hrefFor(screen, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
