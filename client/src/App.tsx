import { useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { clientsForToken, onLinkState, type LinkState } from './api/client.js';
import { readToken, writeToken } from './api/token.js';
import { BenchmarksScreen } from './loadtest/BenchmarksScreen.js';
import { DeployScreen } from './deploy/DeployScreen.js';
import { ExploreScreen } from './explore/ExploreScreen.js';
import { PlanScreen } from './plan/PlanScreen.js';
import { emptyPlan, type PlanState } from './plan/spec-form.js';
import { hrefFor, SCREENS, useRoute } from './routing.js';
import { TokenSettings } from './ui/TokenSettings.js';

const LINK_TEXT: Record<LinkState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
};

export function App() {
  const route = useRoute();
  const [token, setToken] = useState(readToken);
  const [link, setLink] = useState<LinkState>('connecting');
  // The Plan screen's text and spec survive a trip to Deploy and back.
  const [plan, setPlan] = useState<PlanState>(emptyPlan);
  const clients = useMemo(() => clientsForToken(token), [token]);
  useEffect(() => onLinkState(setLink), []);

  useEffect(() => {
    const title = SCREENS.find((s) => s.key === route.screen)?.title ?? 'Plan';
    document.title = `${title} · Compass`;
  }, [route.screen]);

  return (
    <Provider value={clients.urql}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◈
          </span>
          Compass
        </div>
        <nav aria-label="Screens">
          <ul>
            {SCREENS.map((s) => (
              <li key={s.key}>
                <a href={hrefFor(s.key)} aria-current={route.screen === s.key ? 'page' : undefined}>
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-side">
          <span className={`link-state link-${link}`} role="status" title="Live updates (WebSocket)">
            <span className="dot" aria-hidden="true" />
            {LINK_TEXT[link]}
          </span>
          <TokenSettings
            token={token}
            onChange={(next) => {
              writeToken(next);
              setToken(next);
            }}
          />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {route.screen === 'plan' ? <PlanScreen plan={plan} onPlanChange={setPlan} /> : null}
        {route.screen === 'deploy' ? <DeployScreen params={route.params} /> : null}
        {route.screen === 'benchmarks' ? <BenchmarksScreen params={route.params} /> : null}
        {route.screen === 'explore' ? <ExploreScreen params={route.params} /> : null}
      </main>
    </Provider>
  );
}
