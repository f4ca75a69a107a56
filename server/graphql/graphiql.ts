import { readFileSync } from 'node:fs';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL as one self-contained page: `@graphql-yoga/render-graphiql` inlines the editor, its styles,
 * fonts and Monaco workers (as blob: URLs), so nothing is fetched from another origin — it works on an
 * air-gapped network. Yoga's built-in page loads all of that from a public CDN instead.
 */

type Tab = NonNullable<GraphiQLOptions['defaultTabs']>[number];

/** The ready tabs, in order; the first is the README's example query. Files in graphiql-examples/. */
export const GRAPHIQL_EXAMPLES: { file: string; variables?: Record<string, unknown> }[] = [
  { file: 'knowledge-base.graphql' },
  { file: 'plan-from-text.graphql' },
  { file: 'recommend.graphql' },
  // Start a run (startBenchmarkRun, or `npm run compass -- bench run <recipe>`) and put its id here.
  { file: 'run-progress.graphql', variables: { runId: 'paste a benchmark run id' } },
];

export function exampleQuery(file: string): string {
  return readFileSync(new URL(`./graphiql-examples/${file}`, import.meta.url), 'utf8');
}

export function graphiqlTabs(): Tab[] {
  return GRAPHIQL_EXAMPLES.map(({ file, variables }) => ({
    query: exampleQuery(file),
    ...(variables ? { variables: JSON.stringify(variables, null, 2) } : {}),
  }));
}

/** The client's icon (client/index.html), so the page needs no favicon request either. */
const COMPASS_ICON_SVG =
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><circle cx='8' cy='8' r='7' fill='#245fa8'/>" +
  "<path d='M8 3l2 5-2 5-2-5z' fill='white'/></svg>";

export function graphiqlOptions(): GraphiQLOptions {
  return {
    title: 'Compass GraphiQL',
    // The product's subscription transport (graphql-ws on /graphql); the headers editor's values reach the
    // server as the subscribe message's `extensions.headers` (see authorizationOf in yoga.ts).
    subscriptionsProtocol: 'WS',
    defaultTabs: graphiqlTabs(),
    favicon: `data:image/svg+xml,${encodeURIComponent(COMPASS_ICON_SVG)}`,
    logo: COMPASS_ICON_SVG.replace('<svg ', "<svg width='28' height='28' "),
  };
}

/**
 * Yoga calls the renderer on every GET of the page; the page is ~9 MB of inlined assets, so it is built
 * once per distinct set of options and then reused.
 */
export function createGraphiQLRenderer(): (options: GraphiQLOptions) => string {
  const pages = new Map<string, string>();
  return (options) => {
    const key = JSON.stringify(options);
    let page = pages.get(key);
    if (page === undefined) {
      page = renderGraphiQL(options);
      pages.set(key, page);
    }
    return page;
  };
}
