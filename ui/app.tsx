/** The viewer: a header, then the page the URL's #fragment names. */
import { useEffect, useState } from 'preact/hooks';
import type { StoreInfo } from '../src/ui/api-types';
import { getJson } from './api';
import { Problem } from './components/problem';
import { SessionPage } from './pages/session-page';
import { SessionsPage } from './pages/sessions-page';
import { onRouteChange, parseRoute, sessionsHref } from './route';

export function App() {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  const [info, setInfo] = useState<StoreInfo | null>(null);
  useEffect(() => onRouteChange(() => setRoute(parseRoute(location.hash))), []);
  useEffect(() => {
    getJson<StoreInfo>('/api/info')
      .then(setInfo)
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    document.title = route.page === 'session' ? `session ${route.id.slice(0, 12)} · agentsight` : 'sessions · agentsight';
  }, [route]);
  return (
    <>
      <header class="topbar">
        <a class="brand" href={sessionsHref()}>
          agentsight
        </a>
        {info ? (
          <span class="store" title="the local store this viewer reads">
            {info.dir}
          </span>
        ) : null}
        <span class="spacer" />
        {info ? <span class="muted small">v{info.version} · read-only</span> : null}
      </header>
      <main>
        {route.page === 'sessions' ? <SessionsPage filter={route.filter} offset={route.offset} /> : null}
        {route.page === 'session' ? <SessionPage id={route.id} span={route.span} /> : null}
        {route.page === 'unknown' ? <Problem title="No such page" message={`There is nothing at #${route.path}.`} /> : null}
      </main>
    </>
  );
}
