// Builds the dashboard's world map at build time: country outlines from Natural Earth
// (world-atlas, 1:110m), projected once with d3-geo (Natural Earth projection) into SVG path
// strings keyed by ISO 3166-1 alpha-2 code, the code the collector stores. The dashboard loads
// the result as a lazy chunk; the browser never projects anything and nothing is fetched from
// elsewhere.
import { geoNaturalEarth1, geoPath } from 'd3-geo'
import countries from 'i18n-iso-countries'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { feature } from 'topojson-client'

const WIDTH = 960
const HEIGHT = 470

/** The module's source: `export default { width, height, countries: [[code, path], …] }`. */
export function worldMapModule() {
  const require = createRequire(import.meta.url)
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'),
  )
  const all = feature(topology, topology.objects.countries).features
  // Antarctica has no visitors worth the space it takes.
  const shown = all.filter((f) => f.id !== '010')
  const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], {
    type: 'FeatureCollection',
    features: shown,
  })
  const path = geoPath(projection).digits(1)
  const rows = []
  for (const f of shown) {
    // Natural Earth leaves a few disputed areas without a numeric code; Kosovo is XK by convention.
    const code =
      f.id !== undefined
        ? countries.numericToAlpha2(f.id)
        : f.properties?.name === 'Kosovo'
          ? 'XK'
          : undefined
    const d = path(f)
    if (code && d) rows.push([code, d])
  }
  rows.sort((a, b) => a[0].localeCompare(b[0]))
  return `export default ${JSON.stringify({ width: WIDTH, height: HEIGHT, countries: rows })}\n`
}

/** esbuild plugin: `import('virtual:world-map')` resolves to the generated module. */
export const worldMapPlugin = {
  name: 'world-map',
  setup(build) {
    build.onResolve({ filter: /^virtual:world-map$/ }, () => ({
      path: 'world-map',
      namespace: 'world-map',
    }))
    build.onLoad({ filter: /.*/, namespace: 'world-map' }, () => ({
      contents: worldMapModule(),
      loader: 'js',
    }))
  },
}
